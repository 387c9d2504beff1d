package openaift

// #include "glue.h"
import "C"

import (
	"context"
	"encoding/json"
	"unsafe"
)

// GraderValidation is the API's answer to ValidateGrader: the grader it
// validated, echoed back.
type GraderValidation struct {
	Grader    json.RawMessage // the grader object; nil when the API sent none
	Type      string          // its "type" ("string_check", ...)
	Name      string          // its "name"
	RequestID string
}

// GraderRunErrors says why a run could not grade: the API's flags, and the
// details it gave ("" when none).
type GraderRunErrors struct {
	FormulaParseError               bool
	SampleParseError                bool
	TruncatedObservationError       bool
	UnresponsiveRewardError         bool
	InvalidVariableError            bool
	OtherError                      bool
	PythonGraderServerError         bool
	PythonGraderRuntimeError        bool
	ModelGraderServerError          bool
	ModelGraderRefusalError         bool
	ModelGraderParseError           bool
	PythonGraderServerErrorType     string
	PythonGraderRuntimeErrorDetails string
	ModelGraderServerErrorDetails   string
}

// Any reports whether the API flagged an error: the reward is no grade then.
func (e GraderRunErrors) Any() bool {
	return e.FormulaParseError || e.SampleParseError || e.TruncatedObservationError ||
		e.UnresponsiveRewardError || e.InvalidVariableError || e.OtherError ||
		e.PythonGraderServerError || e.PythonGraderRuntimeError ||
		e.ModelGraderServerError || e.ModelGraderRefusalError || e.ModelGraderParseError
}

// GraderRunMetadata is what the API says about a run.
type GraderRunMetadata struct {
	Name          string // the grader's name and type
	Type          string
	Errors        GraderRunErrors
	ExecutionTime float64            // seconds
	Scores        map[string]float64 // the numeric scores (all of them: ScoresJSON)
	ScoresJSON    json.RawMessage
	// TokenUsage is as the API sent it (the spec says a number, its example
	// sends an object); nil when null.
	TokenUsage       json.RawMessage
	SampledModelName string
}

// GraderRunResult is the API's answer to RunGrader.
type GraderRunResult struct {
	Reward                        float64
	Metadata                      GraderRunMetadata
	SubRewards                    map[string]float64 // a multi grader's sub-graders
	ModelGraderTokenUsagePerModel json.RawMessage    // model name -> usage
	RequestID                     string
	RawJSON                       string // the whole answer
}

// RunGraderParams are a run's sample and item.
type RunGraderParams struct {
	ModelSample string          // the model's output ({{sample.output_text}})
	Item        json.RawMessage // a JSON object ({{item.*}}); nil: none
}

func rawOrNil(s *C.char) json.RawMessage {
	if s == nil {
		return nil
	}
	return json.RawMessage(C.GoString(s))
}

func scoresFrom(a *C.oft_grader_score, n C.size_t) map[string]float64 {
	out := make(map[string]float64, int(n))
	if n == 0 {
		return out
	}
	for _, s := range unsafe.Slice(a, int(n)) {
		out[goString(s.name)] = float64(s.value)
	}
	return out
}

func graderRunFrom(r *C.oft_grader_run_result) *GraderRunResult {
	m, e := &r.metadata, &r.metadata.errors
	return &GraderRunResult{
		Reward: float64(r.reward),
		Metadata: GraderRunMetadata{
			Name: goString(m.name), Type: goString(m._type),
			Errors: GraderRunErrors{
				FormulaParseError:               e.formula_parse_error != 0,
				SampleParseError:                e.sample_parse_error != 0,
				TruncatedObservationError:       e.truncated_observation_error != 0,
				UnresponsiveRewardError:         e.unresponsive_reward_error != 0,
				InvalidVariableError:            e.invalid_variable_error != 0,
				OtherError:                      e.other_error != 0,
				PythonGraderServerError:         e.python_grader_server_error != 0,
				PythonGraderRuntimeError:        e.python_grader_runtime_error != 0,
				ModelGraderServerError:          e.model_grader_server_error != 0,
				ModelGraderRefusalError:         e.model_grader_refusal_error != 0,
				ModelGraderParseError:           e.model_grader_parse_error != 0,
				PythonGraderServerErrorType:     goString(e.python_grader_server_error_type),
				PythonGraderRuntimeErrorDetails: goString(e.python_grader_runtime_error_details),
				ModelGraderServerErrorDetails:   goString(e.model_grader_server_error_details),
			},
			ExecutionTime:    float64(m.execution_time),
			Scores:           scoresFrom(m.scores, m.scores_count),
			ScoresJSON:       rawOrNil(m.scores_json),
			TokenUsage:       rawOrNil(m.token_usage_json),
			SampledModelName: goString(m.sampled_model_name),
		},
		SubRewards:                    scoresFrom(r.sub_rewards, r.sub_rewards_count),
		ModelGraderTokenUsagePerModel: rawOrNil(r.model_grader_token_usage_per_model),
		RequestID:                     goString(r.request_id),
		RawJSON:                       goString(r.raw_json),
	}
}

// ValidateGrader asks the API whether grader (a grader object as JSON, the
// one a reinforcement method takes) is valid. One that is not a JSON object
// with a "type" is ErrInvalid, and nothing is sent; one the API refuses is
// ErrAPI with its StatusCode (400), Param and Message.
func (c *Client) ValidateGrader(ctx context.Context, grader json.RawMessage) (*GraderValidation, error) {
	var strs cstrings
	defer strs.free()
	g := strs.must("grader", string(grader))
	if strs.err != nil {
		return nil, strs.err
	}
	var v *C.oft_grader_validation
	err := c.call(ctx, func(cl *C.oft_client, e **C.oft_error) C.int {
		return C.goft_grader_validate(&v, cl, g, e)
	})
	if err != nil {
		return nil, err
	}
	defer C.oft_grader_validation_free(v)
	return &GraderValidation{Grader: rawOrNil(v.grader_json), Type: goString(v._type),
		Name: goString(v.name), RequestID: goString(v.request_id)}, nil
}

// RunGrader runs grader (as in ValidateGrader) on one model sample, with the
// item when set, as a reinforcement job would. A grader that could not grade
// is no error: see Metadata.Errors.Any.
func (c *Client) RunGrader(ctx context.Context, grader json.RawMessage, p RunGraderParams) (*GraderRunResult, error) {
	var strs cstrings
	defer strs.free()
	g := strs.must("grader", string(grader))
	sample := strs.must("model_sample", p.ModelSample)
	var item *C.char
	if p.Item != nil {
		item = strs.must("item", string(p.Item))
	}
	if strs.err != nil {
		return nil, strs.err
	}
	var r *C.oft_grader_run_result
	err := c.call(ctx, func(cl *C.oft_client, e **C.oft_error) C.int {
		return C.goft_grader_run(&r, cl, g, sample, item, e)
	})
	if err != nil {
		return nil, err
	}
	defer C.oft_grader_run_result_free(r)
	return graderRunFrom(r), nil
}
