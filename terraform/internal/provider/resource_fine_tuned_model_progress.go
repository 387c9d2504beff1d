package provider

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// jobProgress logs the progress of a job that apply waits for, at INFO, so
// that TF_LOG=info follows it where the CLI shows only "Still creating...":
// the job's status each time it changes, and each training step the API
// reports (its metrics events) with the losses. A poll that finds nothing
// new logs nothing.
type jobProgress struct {
	ctx    context.Context
	id     string
	status openaift.JobStatus
	step   int64
}

// stepMetrics are the fields of a metrics event's data that are logged.
type stepMetrics struct {
	Step       int64    `json:"step"`
	TotalSteps int64    `json:"total_steps"`
	TrainLoss  *float64 `json:"train_loss"`
	ValidLoss  *float64 `json:"valid_loss"`
}

// start logs the job the wait begins with.
func (p *jobProgress) start(job *openaift.Job, window int64) {
	p.id, p.status = job.ID, job.Status
	tflog.Info(p.ctx, fmt.Sprintf("fine-tuning job %s: %s; waiting up to %d s for it to finish", job.ID, job.Status, window),
		map[string]any{"job_id": job.ID, "status": string(job.Status)})
}

// progress is the wait's Progress callback.
func (p *jobProgress) progress(job *openaift.Job, ev *openaift.Event) error {
	if ev == nil {
		if job.Status != p.status {
			p.status = job.Status
			tflog.Info(p.ctx, fmt.Sprintf("fine-tuning job %s: %s", p.id, job.Status),
				map[string]any{"job_id": p.id, "status": string(job.Status)})
		}
		return nil
	}
	if ev.Type != "metrics" {
		fields := map[string]any{"job_id": p.id, "event": ev.Message}
		msg := fmt.Sprintf("fine-tuning job %s: %s", p.id, ev.Message)
		switch ev.Level {
		case "error":
			tflog.Error(p.ctx, msg, fields)
		case "warn":
			tflog.Warn(p.ctx, msg, fields)
		default:
			tflog.Debug(p.ctx, msg, fields)
		}
		return nil
	}
	var m stepMetrics
	if json.Unmarshal([]byte(ev.DataJSON), &m) != nil || m.Step <= p.step {
		return nil
	}
	p.step = m.Step
	msg := fmt.Sprintf("fine-tuning job %s: step %d", p.id, m.Step)
	fields := map[string]any{"job_id": p.id, "step": m.Step}
	if m.TotalSteps > 0 {
		msg += fmt.Sprintf("/%d", m.TotalSteps)
		fields["total_steps"] = m.TotalSteps
	}
	if m.TrainLoss != nil {
		msg += fmt.Sprintf(", training loss %.4f", *m.TrainLoss)
		fields["train_loss"] = *m.TrainLoss
	}
	if m.ValidLoss != nil {
		msg += fmt.Sprintf(", validation loss %.4f", *m.ValidLoss)
		fields["valid_loss"] = *m.ValidLoss
	}
	tflog.Info(p.ctx, msg, fields)
	return nil
}
