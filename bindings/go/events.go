package openaift

// #include "glue.h"
import "C"

import (
	"context"
	"iter"
	"math"
	"time"
)

// Event is one event of a job.
type Event struct {
	ID        string
	CreatedAt time.Time
	Level     string // info, warn, error
	Message   string
	Type      string // message, metrics ("" when absent)
	DataJSON  string // the free-form data object as JSON ("" when absent)
}

// Checkpoint is a checkpoint of a job: a model made at one step.
type Checkpoint struct {
	ID                       string
	CreatedAt                time.Time
	FineTunedModelCheckpoint string
	StepNumber               int64
	FineTuningJobID          string
	Metrics                  map[string]float64 // the metrics the API sent, by name
}

func eventFrom(e *C.oft_event) *Event {
	return &Event{ID: goString(e.id), CreatedAt: unixOrZero(e.created_at),
		Level: goString(e.level_raw), Message: goString(e.message),
		Type: goString(e.type_raw), DataJSON: goString(e.data_json)}
}

func checkpointFrom(c *C.oft_checkpoint) *Checkpoint {
	m := &c.metrics
	metrics := map[string]float64{}
	for _, f := range []struct {
		name string
		v    C.double
	}{
		{"step", m.step},
		{"train_loss", m.train_loss},
		{"train_mean_token_accuracy", m.train_mean_token_accuracy},
		{"valid_loss", m.valid_loss},
		{"valid_mean_token_accuracy", m.valid_mean_token_accuracy},
		{"full_valid_loss", m.full_valid_loss},
		{"full_valid_mean_token_accuracy", m.full_valid_mean_token_accuracy},
	} {
		if v := float64(f.v); !math.IsNaN(v) { // NaN: the server sent none
			metrics[f.name] = v
		}
	}
	return &Checkpoint{ID: goString(c.id), CreatedAt: unixOrZero(c.created_at),
		FineTunedModelCheckpoint: goString(c.fine_tuned_model_checkpoint),
		StepNumber:               int64(c.step_number), FineTuningJobID: goString(c.fine_tuning_job_id),
		Metrics: metrics}
}

// Events iterates over the events of a job, newest first, one page in
// memory at a time; an error ends the sequence.
func (c *Client) Events(ctx context.Context, jobID string) iter.Seq2[*Event, error] {
	return c.EventsAfter(ctx, jobID, "")
}

// EventsAfter is Events from the event after (older than) the one whose ID
// is after, sent to the API as its cursor: the newer ones are not read.
// after "" is Events.
func (c *Client) EventsAfter(ctx context.Context, jobID, after string) iter.Seq2[*Event, error] {
	return func(yield func(*Event, error) bool) {
		var strs cstrings
		defer strs.free()
		cid := strs.must("job_id", jobID)
		cafter := strs.add("after", after)
		if strs.err != nil {
			yield(nil, strs.err)
			return
		}
		var it *C.oft_event_iter
		iterateOn(c, ctx, yield, func(cl *C.oft_client) C.int {
			var e *C.oft_error
			rc := C.goft_event_iter_new(&it, cl, cid, cafter, &e)
			freeError(e)
			return rc
		}, func() { C.oft_event_iter_free(it) }, func() (*Event, C.int) {
			var ev *C.oft_event
			if rc := C.oft_event_iter_next(&ev, it); rc != C.OFT_OK {
				return nil, rc
			}
			return eventFrom(ev), C.OFT_OK
		})
	}
}

// Checkpoints iterates over the checkpoints of a job, newest first.
func (c *Client) Checkpoints(ctx context.Context, jobID string) iter.Seq2[*Checkpoint, error] {
	return c.CheckpointsAfter(ctx, jobID, "")
}

// CheckpointsAfter is Checkpoints from the checkpoint after the one whose
// ID is after, sent to the API as its cursor: the newer ones are not read.
// after "" is Checkpoints.
func (c *Client) CheckpointsAfter(ctx context.Context, jobID, after string) iter.Seq2[*Checkpoint, error] {
	return func(yield func(*Checkpoint, error) bool) {
		var strs cstrings
		defer strs.free()
		cid := strs.must("job_id", jobID)
		cafter := strs.add("after", after)
		if strs.err != nil {
			yield(nil, strs.err)
			return
		}
		var it *C.oft_checkpoint_iter
		iterateOn(c, ctx, yield, func(cl *C.oft_client) C.int {
			var e *C.oft_error
			rc := C.goft_checkpoint_iter_new(&it, cl, cid, cafter, &e)
			freeError(e)
			return rc
		}, func() { C.oft_checkpoint_iter_free(it) }, func() (*Checkpoint, C.int) {
			var ck *C.oft_checkpoint
			if rc := C.oft_checkpoint_iter_next(&ck, it); rc != C.OFT_OK {
				return nil, rc
			}
			return checkpointFrom(ck), C.OFT_OK
		})
	}
}

// Collect gathers a sequence into a slice, stopping at its first error.
func Collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

// freeError frees an error copy the glue made (run reads the client's own).
func freeError(e *C.oft_error) {
	if e != nil {
		C.oft_error_free(e)
	}
}
