package openaift

// #include <stdlib.h>
// #include "glue.h"
import "C"

import (
	"context"
	"fmt"
	"iter"
	"time"
	"unsafe"
)

// JobStatus is a job's status as the API spells it.
type JobStatus string

// The statuses the API documents; others are passed through as they come.
const (
	JobValidatingFiles JobStatus = "validating_files"
	JobQueued          JobStatus = "queued"
	JobRunning         JobStatus = "running"
	JobPaused          JobStatus = "paused"
	JobSucceeded       JobStatus = "succeeded"
	JobFailed          JobStatus = "failed"
	JobCancelled       JobStatus = "cancelled"
)

// Finished reports whether the job has ended (succeeded, failed or cancelled).
func (s JobStatus) Finished() bool {
	return s == JobSucceeded || s == JobFailed || s == JobCancelled
}

// HPMode says whether a hyperparameter is unset, "auto" or a number.
type HPMode int

// The modes of a hyperparameter (oft_hp_mode).
const (
	HPUnset HPMode = C.OFT_HP_UNSET
	HPAuto  HPMode = C.OFT_HP_AUTO
	HPValue HPMode = C.OFT_HP_VALUE
)

// HP is a hyperparameter: unset (the zero value), "auto" or a number.
type HP struct {
	Mode  HPMode
	Value float64
}

// Auto is the "auto" hyperparameter.
func Auto() HP { return HP{Mode: HPAuto} }

// Value is a hyperparameter with the number v.
func Value(v float64) HP { return HP{Mode: HPValue, Value: v} }

func (h HP) c() C.oft_hp_num { return C.oft_hp_num{mode: C.int(h.Mode), value: C.double(h.Value)} }

func hpFrom(n C.oft_hp_num) HP { return HP{Mode: HPMode(n.mode), Value: float64(n.value)} }

// Hyperparameters are a job's training hyperparameters.
type Hyperparameters struct {
	NEpochs                HP
	BatchSize              HP
	LearningRateMultiplier HP
	Beta                   HP // dpo only
}

// MethodType is a fine-tuning method (oft_method_type).
type MethodType int

// The methods; MethodUnset lets the server choose (supervised).
const (
	MethodUnset         MethodType = C.OFT_METHOD_UNSET
	MethodSupervised    MethodType = C.OFT_METHOD_SUPERVISED
	MethodDPO           MethodType = C.OFT_METHOD_DPO
	MethodReinforcement MethodType = C.OFT_METHOD_REINFORCEMENT
	MethodUnknown       MethodType = C.OFT_METHOD_UNKNOWN
)

// Method is the method of a job and its hyperparameters.
type Method struct {
	Type            MethodType
	TypeRaw         string // as the API spells it
	Hyperparameters Hyperparameters
}

// JobError is why a job failed.
type JobError struct {
	Code    string
	Message string
	Param   string
}

// Job is a fine-tuning job. Times are zero and pointers nil when the API
// sent null.
type Job struct {
	ID                 string
	CreatedAt          time.Time
	Model              string
	OrganizationID     string
	Status             JobStatus
	TrainingFile       string
	ValidationFile     string
	ResultFiles        []string
	FineTunedModel     string
	FinishedAt         time.Time
	TrainedTokens      *int64
	Error              *JobError
	Hyperparameters    *Hyperparameters // the legacy top-level object
	Method             *Method
	Seed               *int64
	EstimatedFinish    time.Time
	Metadata           map[string]string
	UserProvidedSuffix string
	Integrations       []Integration // nil when the job has none
	RequestID          string
	RawJSON            string // the job object as the server sent it
}

// Integration is one integration of a job (only "wandb" exists).
type Integration struct {
	Type  string // "wandb"
	WandB WandB
}

// WandB is a Weights & Biases integration: where the job's runs are logged.
type WandB struct {
	Project string
	Name    string // the run's display name; "" when unset
	Entity  string // team or user; "" when unset (the key's default)
	Tags    []string
	RunID   string // "" until the run exists
}

// CreateJobParams are the fields of a job to create; only those set are sent.
type CreateJobParams struct {
	Model          string // required
	TrainingFile   string // required
	ValidationFile string
	Suffix         string // 1..64 characters
	Seed           *int64
	// Method: MethodUnset sends none unless a hyperparameter is set (then
	// supervised, with the hyperparameters under method).
	Method                 MethodType
	NEpochs                HP
	BatchSize              HP
	LearningRateMultiplier HP
	Beta                   HP // dpo
	Metadata               map[string]string
	ExtraBodyJSON          string // a JSON object merged into the body last
}

// ListJobsParams select a page of jobs.
type ListJobsParams struct {
	After    string // a job ID: the page after it
	Limit    int    // 0: the server's default (20)
	Metadata map[string]string
}

// JobPage is one page of jobs, newest first.
type JobPage struct {
	Jobs    []*Job
	HasMore bool
	FirstID string
	LastID  string
}

// jobFrom copies a library job into Go memory (the caller frees j).
func jobFrom(j *C.oft_job) *Job {
	out := &Job{
		ID:                 goString(j.id),
		CreatedAt:          unixOrZero(j.created_at),
		Model:              goString(j.model),
		OrganizationID:     goString(j.organization_id),
		Status:             JobStatus(goString(j.status_raw)),
		TrainingFile:       goString(j.training_file),
		ValidationFile:     goString(j.validation_file),
		ResultFiles:        stringsFrom(j.result_files, j.result_files_count),
		FineTunedModel:     goString(j.fine_tuned_model),
		FinishedAt:         unixOrZero(j.finished_at),
		TrainedTokens:      int64OrNil(j.trained_tokens),
		Seed:               int64OrNil(j.seed),
		EstimatedFinish:    unixOrZero(j.estimated_finish),
		Metadata:           kvsFrom(j.metadata, j.metadata_count),
		UserProvidedSuffix: goString(j.user_provided_suffix),
		RequestID:          goString(j.request_id),
		RawJSON:            goString(j.raw_json),
	}
	if e := j.error; e != nil {
		out.Error = &JobError{Code: goString(e.code), Message: goString(e.message),
			Param: goString(e.param)}
	}
	if h := j.hyperparameters; h != nil {
		out.Hyperparameters = &Hyperparameters{NEpochs: hpFrom(h.n_epochs),
			BatchSize: hpFrom(h.batch_size), LearningRateMultiplier: hpFrom(h.learning_rate_multiplier)}
	}
	for _, in := range unsafe.Slice(j.integrations, int(j.integrations_count)) {
		w := &in.wandb
		out.Integrations = append(out.Integrations, Integration{Type: goString(in._type), WandB: WandB{
			Project: goString(w.project), Name: goString(w.name), Entity: goString(w.entity),
			Tags: stringsFrom(w.tags, w.tags_count), RunID: goString(w.run_id)}})
	}
	if m := j.method; m != nil {
		h := &m.hyperparameters
		out.Method = &Method{Type: MethodType(m._type), TypeRaw: goString(m.type_raw),
			Hyperparameters: Hyperparameters{NEpochs: hpFrom(h.n_epochs),
				BatchSize: hpFrom(h.batch_size), LearningRateMultiplier: hpFrom(h.learning_rate_multiplier),
				Beta: hpFrom(h.beta)}}
	}
	return out
}

// takeJob converts and frees a job the library returned (nil stays nil).
func takeJob(j *C.oft_job) *Job {
	if j == nil {
		return nil
	}
	defer C.oft_job_free(j)
	return jobFrom(j)
}

// createOptions fills o from p; the strings it makes are freed with strs,
// the metadata array by the caller (C.free).
func createOptions(o *C.oft_job_create_options, p CreateJobParams, strs *cstrings) (*C.oft_kv, error) {
	if rc := C.oft_job_create_options_init(o, C.OFT_JOB_CREATE_OPTIONS_VERSION); rc != C.OFT_OK {
		return nil, errorFrom(rc, nil)
	}
	o.model = strs.add("model", p.Model)
	o.training_file = strs.add("training_file", p.TrainingFile)
	o.validation_file = strs.add("validation_file", p.ValidationFile)
	o.suffix = strs.add("suffix", p.Suffix)
	if p.Seed != nil {
		// -1 is the library's "no seed": a negative seed given here is an
		// error, never a silent "none" (nil is none).
		if *p.Seed < 0 {
			return nil, &APIError{Err: ErrInvalid, RetryAfter: -1,
				Message: fmt.Sprintf("seed: must be in [0, 2147483647] (got %d)", *p.Seed)}
		}
		o.seed = C.int64_t(*p.Seed)
	}
	o.method_type = C.int(p.Method)
	o.n_epochs = p.NEpochs.c()
	o.batch_size = p.BatchSize.c()
	o.learning_rate_multiplier = p.LearningRateMultiplier.c()
	o.beta = p.Beta.c()
	kv, n := kvArray("metadata", p.Metadata, strs)
	o.metadata, o.metadata_count = kv, n
	o.extra_body_json = strs.add("extra_body_json", p.ExtraBodyJSON)
	return kv, strs.err
}

// CheckCreateJobParams checks p by the library's rules for a job's create
// options (oft_job_create_options_check), without a client or a request:
// ranges of the hyperparameters and the seed, the suffix's length, options
// of another method, metadata limits... The error is an *APIError wrapping
// ErrInvalid whose Message names the field and the rule, e.g.
// "n_epochs: must be in [1, 50] (got 51)". Safe for concurrent use.
func CheckCreateJobParams(p CreateJobParams) error {
	var o C.oft_job_create_options
	var strs cstrings
	defer strs.free()
	kv, err := createOptions(&o, p, &strs)
	defer C.free(unsafe.Pointer(kv))
	if err != nil {
		return err
	}
	var cerr *C.oft_error
	if rc := C.oft_job_create_options_check(&o, &cerr); rc != C.OFT_OK {
		return errorFrom(rc, cerr)
	}
	return nil
}

// CreateJob creates a fine-tuning job. Bad parameters are an *APIError
// matching ErrInvalid naming the field, and nothing is sent.
func (c *Client) CreateJob(ctx context.Context, p CreateJobParams) (*Job, error) {
	var o C.oft_job_create_options
	var strs cstrings
	defer strs.free()
	kv, err := createOptions(&o, p, &strs)
	defer C.free(unsafe.Pointer(kv))
	if err != nil {
		return nil, err
	}

	var j *C.oft_job
	err = c.call(ctx, func(cl *C.oft_client, e **C.oft_error) C.int {
		return C.goft_job_create(&j, cl, &o, e)
	})
	return takeJob(j), err
}

// jobCall runs a library call that takes a job ID and returns a job.
func (c *Client) jobCall(ctx context.Context, id string,
	fn func(**C.oft_job, *C.oft_client, *C.char, **C.oft_error) C.int) (*Job, error) {
	var strs cstrings
	defer strs.free()
	cid := strs.must("job_id", id)
	if strs.err != nil {
		return nil, strs.err
	}
	var j *C.oft_job
	err := c.call(ctx, func(cl *C.oft_client, e **C.oft_error) C.int {
		return fn(&j, cl, cid, e)
	})
	return takeJob(j), err
}

// RetrieveJob fetches a job. An unknown ID is an *APIError matching ErrNotFound.
func (c *Client) RetrieveJob(ctx context.Context, id string) (*Job, error) {
	return c.jobCall(ctx, id, func(j **C.oft_job, cl *C.oft_client, cid *C.char, e **C.oft_error) C.int {
		return C.goft_job_retrieve(j, cl, cid, e)
	})
}

// CancelJob cancels a job that has not finished (a finished one is an
// *APIError matching ErrConflict) and returns it as the API does.
func (c *Client) CancelJob(ctx context.Context, id string) (*Job, error) {
	return c.jobCall(ctx, id, func(j **C.oft_job, cl *C.oft_client, cid *C.char, e **C.oft_error) C.int {
		return C.goft_job_cancel(j, cl, cid, e)
	})
}

// PauseJob pauses a running job.
func (c *Client) PauseJob(ctx context.Context, id string) (*Job, error) {
	return c.jobCall(ctx, id, func(j **C.oft_job, cl *C.oft_client, cid *C.char, e **C.oft_error) C.int {
		return C.oft_job_pause(j, cl, cid)
	})
}

// ResumeJob resumes a paused job.
func (c *Client) ResumeJob(ctx context.Context, id string) (*Job, error) {
	return c.jobCall(ctx, id, func(j **C.oft_job, cl *C.oft_client, cid *C.char, e **C.oft_error) C.int {
		return C.oft_job_resume(j, cl, cid)
	})
}

// jobListOptions fills the library's list options from p; the strings
// belong to strs.
func jobListOptions(p ListJobsParams, strs *cstrings) (*C.oft_job_list_options, func(), error) {
	o := (*C.oft_job_list_options)(C.calloc(1, C.sizeof_oft_job_list_options))
	if rc := C.oft_job_list_options_init(o, C.OFT_JOB_LIST_OPTIONS_VERSION); rc != C.OFT_OK {
		C.free(unsafe.Pointer(o))
		return nil, nil, errorFrom(rc, nil)
	}
	o.after = strs.add("after", p.After)
	o.limit = C.int(p.Limit)
	kv, n := kvArray("metadata", p.Metadata, strs)
	o.metadata, o.metadata_count = kv, n
	free := func() {
		C.free(unsafe.Pointer(kv))
		C.free(unsafe.Pointer(o))
	}
	if strs.err != nil {
		free()
		return nil, nil, strs.err
	}
	return o, free, nil
}

// Jobs iterates over the jobs p selects (p.After: after that job; p.Limit:
// jobs per page), newest first, one page in memory at a time; an error ends
// the sequence.
func (c *Client) Jobs(ctx context.Context, p ListJobsParams) iter.Seq2[*Job, error] {
	return func(yield func(*Job, error) bool) {
		var strs cstrings
		defer strs.free()
		o, free, err := jobListOptions(p, &strs)
		if err != nil {
			yield(nil, err)
			return
		}
		defer free()
		var it *C.oft_job_iter
		iterateOn(c, ctx, yield, func(cl *C.oft_client) C.int { return C.oft_job_iter_new(&it, cl, o) },
			func() { C.oft_job_iter_free(it) }, func() (*Job, C.int) {
				var j *C.oft_job
				if rc := C.oft_job_iter_next(&j, it); rc != C.OFT_OK {
					return nil, rc
				}
				return jobFrom(j), C.OFT_OK
			})
	}
}

// ListJobs fetches one page of jobs, newest first (Jobs iterates over
// them all).
func (c *Client) ListJobs(ctx context.Context, p ListJobsParams) (*JobPage, error) {
	var strs cstrings
	defer strs.free()
	o, free, err := jobListOptions(p, &strs)
	if err != nil {
		return nil, err
	}
	defer free()
	var page *C.oft_job_page
	err = c.call(ctx, func(cl *C.oft_client, e **C.oft_error) C.int {
		return C.goft_job_list(&page, cl, o, e)
	})
	if err != nil {
		return nil, err
	}
	defer C.oft_job_page_free(page)
	out := &JobPage{HasMore: page.has_more != 0, FirstID: goString(page.first_id),
		LastID: goString(page.last_id), Jobs: make([]*Job, 0, int(page.count))}
	for i := C.size_t(0); i < page.count; i++ {
		out.Jobs = append(out.Jobs, jobFrom(C.goft_job_at(page.items, i)))
	}
	return out, nil
}
