package openaift

// #include "glue.h"
import "C"

// ValidateParams shape ValidateData.
type ValidateParams struct {
	// Format: "" (detected from the first example), "chat", "completion",
	// "dpo" or "reinforcement".
	Format string
	// Model to be fine-tuned: its context limit and whether the format fits
	// it ("": not checked).
	Model string
	// MinExamples: fewer examples is the problem too_few_examples; 0: the
	// API's minimum for a training file (10); negative: no minimum.
	MinExamples int
	// Problems kept per severity; 0: 100 (the rest are only counted).
	MaxErrors, MaxWarnings int
}

// DataProblem is one problem ValidateData found.
type DataProblem struct {
	Line    int64  // 1-based; 0 for a whole-file problem (too_few_examples...)
	Column  int64  // 1-based byte column when it matters, else 0
	Code    string // stable snake_case name: "invalid_json", "missing_content"...
	Warning bool   // a warning leaves the file usable; an error does not
	Message string // clear English, naming the line
}

// DataReport is ValidateData's result. Token figures are estimates.
type DataReport struct {
	OK            bool   // no error (warnings allowed)
	Format        string // the given or detected format ("auto": none)
	Bytes, Lines  int64
	Examples      int64
	EstTokens     int64
	ErrorsTotal   int64 // all errors, kept in Problems or not
	WarningsTotal int64
	Problems      []DataProblem // kept problems, in input order
}

var dataFormats = map[string]C.int{"": C.OFT_JSONL_AUTO, "auto": C.OFT_JSONL_AUTO,
	"chat": C.OFT_JSONL_CHAT, "completion": C.OFT_JSONL_COMPLETION, "dpo": C.OFT_JSONL_DPO,
	"reinforcement": C.OFT_JSONL_REINFORCEMENT}

// ValidateData checks the fine-tuning data (JSONL) at path locally, line by
// line, with libopenai_ft's validator: no network, memory bounded by a block
// and the longest line. It returns the report when validation ran, whatever
// it found (see OK and Problems). An unreadable file is an *APIError
// matching ErrIO, returned with the report whose last problem (io_error)
// names the path; a bad parameter is one matching ErrInvalid.
func ValidateData(path string, p ValidateParams) (*DataReport, error) {
	format, ok := dataFormats[p.Format]
	if !ok {
		return nil, &APIError{Err: ErrInvalid, RetryAfter: -1,
			Message: "format: unknown data format \"" + p.Format + "\""}
	}
	var o C.oft_jsonl_options
	if rc := C.oft_jsonl_options_init(&o, C.OFT_JSONL_OPTIONS_VERSION); rc != C.OFT_OK {
		return nil, errorFrom(rc, nil)
	}
	var strs cstrings
	defer strs.free()
	cpath := strs.must("path", path)
	o.model = strs.add("model", p.Model)
	if strs.err != nil {
		return nil, strs.err
	}
	o.format = format
	o.min_examples = C.int(p.MinExamples)
	o.max_errors = C.int(p.MaxErrors)
	o.max_warnings = C.int(p.MaxWarnings)
	var r *C.oft_jsonl_report
	rc := C.oft_jsonl_validate_path(&r, cpath, &o)
	if r == nil {
		return nil, errorFrom(rc, nil)
	}
	defer C.oft_jsonl_report_free(r)
	rep := &DataReport{OK: r.ok != 0, Format: C.GoString(C.oft_jsonl_format_str(r.format)),
		Bytes: int64(r.bytes), Lines: int64(r.lines), Examples: int64(r.examples),
		EstTokens: int64(r.est_tokens), ErrorsTotal: int64(r.errors_total),
		WarningsTotal: int64(r.warnings_total)}
	for i := C.size_t(0); i < r.problems_count; i++ {
		pr := C.goft_problem_at(r.problems, i)
		rep.Problems = append(rep.Problems, DataProblem{Line: int64(pr.line), Column: int64(pr.column),
			Code: C.GoString(C.oft_jsonl_code_str(pr.code)), Warning: pr.severity == C.OFT_JSONL_WARNING,
			Message: goString(pr.message)})
	}
	if rc != C.OFT_OK {
		e := errorFrom(rc, nil)
		if n := len(rep.Problems); n > 0 && rep.Problems[n-1].Code == "io_error" {
			e.Message = rep.Problems[n-1].Message
		}
		return rep, e
	}
	return rep, nil
}
