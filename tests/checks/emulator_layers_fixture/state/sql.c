/* state/ including SQLite, which only persist/ may. */
#include <sqlite3.h>

int emu_fixture_sql(void);

int emu_fixture_sql(void)
{
    return (int)sizeof(sqlite3 *);
}
