package openaift

// #include <stdlib.h>
// #include <openai_ft.h>
//
// /* oft_metrics_iter_{new,next} with a copy of the client's last error on
//  * failure (read in the same cgo call: the goroutine may move threads). */
// static int goft_metrics_check(oft_client *c, int rc, oft_error **err)
// {
//     *err = NULL;
//     if (rc != OFT_OK && rc != OFT_ITEROVER &&
//         oft_error_dup(err, oft_client_last_error(c)) != OFT_OK)
//         *err = NULL;
//     return rc;
// }
// static int goft_metrics_iter_new(oft_metrics_iter **out, oft_client *c,
//                                  const char *job_id, oft_error **err)
// {
//     return goft_metrics_check(c, oft_metrics_iter_new(out, c, job_id), err);
// }
// static int goft_metrics_iter_next(const oft_step_metrics **out, oft_metrics_iter *it,
//                                   oft_client *c, oft_error **err)
// {
//     return goft_metrics_check(c, oft_metrics_iter_next(out, it), err);
// }
import "C"

import (
	"context"
	"iter"
	"math"
)

// StepMetrics are the metrics of one training step. A value the job did not
// report (no validation file, a step without validation) is NaN.
type StepMetrics struct {
	Step                       int64
	TrainLoss                  float64
	TrainMeanTokenAccuracy     float64
	ValidLoss                  float64
	ValidMeanTokenAccuracy     float64
	FullValidLoss              float64
	FullValidMeanTokenAccuracy float64
}

// HasValid reports whether the step has validation metrics.
func (m *StepMetrics) HasValid() bool { return !math.IsNaN(m.ValidLoss) }

func stepFrom(m *C.oft_step_metrics) *StepMetrics {
	return &StepMetrics{Step: int64(m.step), TrainLoss: float64(m.train_loss),
		TrainMeanTokenAccuracy:     float64(m.train_mean_token_accuracy),
		ValidLoss:                  float64(m.valid_loss),
		ValidMeanTokenAccuracy:     float64(m.valid_mean_token_accuracy),
		FullValidLoss:              float64(m.full_valid_loss),
		FullValidMeanTokenAccuracy: float64(m.full_valid_mean_token_accuracy)}
}

// Metrics iterates over a job's step metrics, steps in increasing order:
// from its metrics events while it runs, from its result file (the
// step-metrics CSV) once it has succeeded, with bounded memory whatever the
// number of steps. Each step is one call on the client, so the loop body may
// use the client. An error ends the iteration: a malformed result file is
// an *Error matching ErrParse whose message names the line.
func (c *Client) Metrics(ctx context.Context, jobID string) iter.Seq2[*StepMetrics, error] {
	return func(yield func(*StepMetrics, error) bool) {
		var strs cstrings
		defer strs.free()
		cid := strs.must("job_id", jobID)
		if strs.err != nil {
			yield(nil, strs.err)
			return
		}
		var it *C.oft_metrics_iter
		var owner *C.oft_client
		defer func() {
			if it != nil {
				C.oft_metrics_iter_free(it)
			}
		}()
		for {
			var m *StepMetrics
			over := false
			err := c.call(ctx, func(cl *C.oft_client, e **C.oft_error) C.int {
				if it == nil {
					if rc := C.goft_metrics_iter_new(&it, cl, cid, e); rc != C.OFT_OK {
						return rc
					}
					owner = cl
				}
				if cl != owner {
					// A late interrupt renewed the client: the iterator's is gone.
					return C.OFT_EINTERRUPTED
				}
				var out *C.oft_step_metrics
				rc := C.goft_metrics_iter_next(&out, it, cl, e)
				if rc == C.OFT_ITEROVER {
					over = true
					return C.OFT_OK
				}
				if rc == C.OFT_OK {
					m = stepFrom(out)
				}
				return rc
			})
			if err != nil {
				yield(nil, err)
				return
			}
			if over || !yield(m, nil) {
				return
			}
		}
	}
}
