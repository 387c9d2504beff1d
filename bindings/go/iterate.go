package openaift

// #include "glue.h"
import "C"

import "context"

// iterateOn runs a library iterator on one C client of the pool for the
// whole sequence: newIter makes it, next returns its items (rc
// OFT_ITEROVER at the end), free frees it. Each library call is
// interruptible by ctx; an error is yielded last.
func iterateOn[T any](c *Client, ctx context.Context, yield func(T, error) bool,
	newIter func(*C.oft_client) C.int, free func(), next func() (T, C.int)) {
	var zero T
	if err := notStarted(ctx); err != nil {
		yield(zero, err)
		return
	}
	cc, err := c.acquire()
	if err != nil {
		yield(zero, err)
		return
	}
	defer c.release(cc)
	if err := run(ctx, cc, func(cl *C.oft_client, _ **C.oft_error) C.int { return newIter(cl) }); err != nil {
		yield(zero, err)
		return
	}
	defer free()
	for {
		var item T
		rc := C.int(C.OFT_OK)
		err := run(ctx, cc, func(*C.oft_client, **C.oft_error) C.int {
			item, rc = next()
			return rc
		})
		if err != nil {
			yield(zero, err)
			return
		}
		if rc == C.OFT_ITEROVER || !yield(item, nil) {
			return
		}
	}
}
