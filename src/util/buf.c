/* oft_buf: owned byte buffers handed to callers. */
#include "openai_ft/common.h"
#include "util/alloc.h"

void oft_buf_dispose(oft_buf *buf)
{
    if (buf == NULL)
        return;
    oft__free(buf->ptr);
    buf->ptr = NULL;
    buf->size = 0;
}
