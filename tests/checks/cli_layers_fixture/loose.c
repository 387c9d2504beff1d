/* Outside any layer folder. */
int cli_fixture_loose(void);

int cli_fixture_loose(void)
{
    return 0;
}
