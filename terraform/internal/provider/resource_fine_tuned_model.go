package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// fineTunedModelResource is openai_fine_tuned_model and, with the upstream
// provider's arguments beside, openai_fine_tuning_job (kind): one
// fine-tuning job (its ID is the job's), optionally waited for at create.
type fineTunedModelResource struct {
	pool *clientPool
	kind jobKind
}

var (
	_ resource.ResourceWithConfigure    = (*fineTunedModelResource)(nil)
	_ resource.ResourceWithImportState  = (*fineTunedModelResource)(nil)
	_ resource.ResourceWithUpgradeState = (*fineTunedModelResource)(nil)
)

func newFineTunedModelResource() resource.Resource { return &fineTunedModelResource{} }

func newFineTuningJobResource() resource.Resource {
	return &fineTunedModelResource{kind: kindFineTuningJob}
}

func (r *fineTunedModelResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + r.kind.typeSuffix()
}

func (r *fineTunedModelResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.pool = poolFrom(req.ProviderData, &resp.Diagnostics)
}

// maxCompletionWindow is the longest wait at create: 30 days, in seconds.
const maxCompletionWindow = 30 * 24 * 3600

// jobID is the shape of a fine-tuning job's ID: ftjob-abc123.
var jobID = regexp.MustCompile(`^ftjob-[A-Za-z0-9_-]+$`)

// findJobID says what a job ID looks like and where to find one.
const findJobID = "A job's ID begins with \"ftjob-\" (e.g. ftjob-abc123). `openai-ft jobs list` lists the jobs " +
	"with their IDs, as does the fine-tuning page of the OpenAI dashboard " +
	"(https://platform.openai.com/finetune). A trained model's name (ft:...) is not a job's ID: " +
	"`openai-ft jobs list` shows the job of each model."

func (r *fineTunedModelResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.kind.schema(fineTunedModelSchema())
}

// fineTunedModelSchema is openai_fine_tuned_model's schema, which
// openai_fine_tuning_job extends.
func fineTunedModelSchema() schema.Schema {
	replace := []planmodifier.String{replaceWarningString{stringplanmodifier.RequiresReplace()}}
	keepString := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	keepInt := []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}
	return schema.Schema{
		// Version 1: version 0 is the upstream provider's (SDKv2) state, upgraded.
		Version: 1,
		MarkdownDescription: "Creates a fine-tuning job and follows it: its status, and once it has succeeded, the name of " +
			"the model it trained. The resource's ID is the job's (`ftjob-...`). Destroying it cancels the job if it " +
			"has not finished; it never deletes the trained model.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, PlanModifiers: keepString,
				MarkdownDescription: "The fine-tuning job's ID (`ftjob-...`)."},
			"model": schema.StringAttribute{Required: true,
				PlanModifiers: []planmodifier.String{
					replaceWarningString{stringplanmodifier.RequiresReplaceIf(modelChangeNeedsNewJob,
						"A new model needs a new job (after an import, an alias of the dated model the API reports does not).", "")},
				},
				MarkdownDescription: "The base model (e.g. `gpt-4o-mini-2024-07-18`) or a fine-tuned model to train further."},
			"training_file": schema.StringAttribute{Required: true, PlanModifiers: replace,
				MarkdownDescription: "The ID of an uploaded training file (`file-...`, uploaded with purpose `fine-tune`)."},
			"validation_file": schema.StringAttribute{Optional: true, PlanModifiers: replace,
				MarkdownDescription: "The ID of an uploaded validation file."},
			"suffix": schema.StringAttribute{Optional: true, PlanModifiers: replace,
				MarkdownDescription: "1 to 64 characters added to the fine-tuned model's name. Checked at plan time."},
			"completion_window": schema.Int64Attribute{Optional: true, Computed: true,
				Default:    int64default.StaticInt64(0),
				Validators: []validator.Int64{int64validator.Between(0, maxCompletionWindow)},
				MarkdownDescription: "Seconds to wait at create for the job to finish, at most 2592000 (30 days); 0 (the default) does not wait. A job that fails " +
					"or is cancelled in the window is an error; a window that runs out is a warning and the " +
					"job is kept. Changing it is an in-place update that calls nothing."},
			"created_at": schema.Int64Attribute{Computed: true, PlanModifiers: keepInt,
				MarkdownDescription: "When the job was created (Unix seconds)."},
			"finished_at": schema.Int64Attribute{Computed: true, PlanModifiers: keepInt,
				MarkdownDescription: "When the job finished (Unix seconds); null until then."},
			"fine_tuned_model": schema.StringAttribute{Computed: true, PlanModifiers: keepString,
				MarkdownDescription: "The trained model's name (`ft:...`); null until the job succeeds."},
			"status": schema.StringAttribute{Computed: true, PlanModifiers: keepString,
				MarkdownDescription: "`validating_files`, `queued`, `running`, `paused`, `succeeded`, `failed` or `cancelled`."},
			"trained_tokens": schema.Int64Attribute{Computed: true, PlanModifiers: keepInt,
				MarkdownDescription: "Billable tokens trained; null until the job finishes."},
			"result_files": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "The IDs of the job's result files."},
			// An object type, not nested attributes: Terraform 1.5's config
			// generation (import blocks) panics on computed nested attributes.
			"error": schema.ObjectAttribute{Computed: true, AttributeTypes: jobErrorType.AttrTypes,
				PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "Why the job failed (`code`, `message`, `param`); null unless it failed."},
		},
		Blocks: map[string]schema.Block{
			// A list of at most one block keeps the upstream provider's state shape.
			"hyperparameters": schema.ListNestedBlock{
				Validators: []validator.List{listvalidator.SizeAtMost(1)},
				PlanModifiers: []planmodifier.List{
					replaceWarningList{listplanmodifier.RequiresReplaceIf(hyperparametersChangeNeedsNewJob,
						"New hyperparameters need a new job (after an import, \"auto\" or an unset value for the number the API reports does not).", "")},
				},
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"n_epochs": schema.StringAttribute{Optional: true, Computed: true,
						Default: stringdefault.StaticString("4"),
						Validators: []validator.String{stringvalidator.RegexMatches(
							nEpochs, `must be "auto" or a positive integer`)},
						MarkdownDescription: "`\"auto\"` or an integer from 1 to 50, as text. Default `\"4\"` when the block is present. Checked at plan time."},
					"batch_size": schema.Int64Attribute{Optional: true,
						MarkdownDescription: "Examples per batch, 1 to 256; unset: the API chooses. Checked at plan time."},
					"learning_rate_multiplier": schema.Float64Attribute{Optional: true,
						// The upstream provider's range, narrower than the API's (> 0).
						Validators:          []validator.Float64{float64validator.Between(0.01, 10.0)},
						MarkdownDescription: "Scale of the learning rate, 0.01 to 10.0; unset: the API chooses. Checked at plan time."},
				}},
				MarkdownDescription: "Training hyperparameters, at most one block. Without the block, the API chooses every hyperparameter.",
			},
		},
	}
}

func (r *fineTunedModelResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	m := r.kind.model()
	resp.Diagnostics.Append(m.load(ctx, req.Plan.Schema.Type(), req.Plan.Raw)...)
	if resp.Diagnostics.HasError() {
		return
	}
	params, diags := m.createParams(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.pool.withClient(&resp.Diagnostics, func(c *openaift.Client) {
		job, err := c.CreateJob(ctx, params)
		if err != nil {
			addAPIError(&resp.Diagnostics, "create the fine-tuning job", err)
			return
		}
		// Saved now: whatever happens next, the job is in the state.
		m.applied()
		resp.Diagnostics.Append(m.setComputed(job)...)
		resp.Diagnostics.Append(m.saveTo(ctx, &resp.State)...)
		window := m.CompletionWindow.ValueInt64()
		if window <= 0 || resp.Diagnostics.HasError() {
			return
		}
		progress := &jobProgress{ctx: ctx}
		progress.start(job, window)
		last, err := c.Wait(ctx, job.ID, openaift.WaitOptions{
			PollInterval: r.pool.pollInterval, Timeout: time.Duration(window) * time.Second,
			Progress: progress.progress})
		if last != nil {
			resp.Diagnostics.Append(m.setComputed(last)...)
			resp.Diagnostics.Append(m.saveTo(ctx, &resp.State)...)
		} else {
			last = job
		}
		reportWait(&resp.Diagnostics, last, window, err)
	})
}

// reportWait turns the end of a create's wait into diagnostics: a job that
// failed or was cancelled is an error (the object is saved tainted); a
// window that ran out, an interrupt or a lost contact is a warning (saved
// untainted: a later refresh sees how the job ends).
func reportWait(diags *diag.Diagnostics, job *openaift.Job, window int64, err error) {
	switch {
	case err == nil:
	case errors.Is(err, openaift.ErrJobFailed):
		detail := fmt.Sprintf("Job %s ended %s.", job.ID, job.Status)
		if job.Error != nil {
			detail = fmt.Sprintf("Job %s ended %s: %s", job.ID, job.Status, job.Error.Message)
			if job.Error.Code != "" {
				detail += fmt.Sprintf(" (code %s)", job.Error.Code)
			}
		}
		diags.AddError("Fine-tuning job "+string(job.Status), detail+
			"\n\nThe job is kept in the state, marked tainted: the next apply replaces it.")
	case errors.Is(err, openaift.ErrTimeout):
		diags.AddWarning("Completion window ran out",
			fmt.Sprintf("Job %s is still %s after the completion window of %d s. It is saved in the state "+
				"and keeps training; a later plan or refresh shows how it ends.", job.ID, job.Status, window))
	case errors.Is(err, openaift.ErrInterrupted):
		diags.AddWarning("Wait interrupted",
			fmt.Sprintf("Stopped waiting for job %s (%s). It is saved in the state and keeps training; "+
				"a later plan or refresh shows how it ends.", job.ID, job.Status))
	default:
		diags.AddWarning("Could not follow the job",
			fmt.Sprintf("Job %s was created and is saved in the state, but waiting for it failed: %v. "+
				"A later plan or refresh shows its status.", job.ID, err))
	}
}

func (r *fineTunedModelResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	m := r.kind.model()
	resp.Diagnostics.Append(m.load(ctx, req.State.Schema.Type(), req.State.Raw)...)
	if resp.Diagnostics.HasError() {
		return
	}
	switch refreshJob(ctx, r.pool, &m, &resp.Diagnostics) {
	case refreshGone:
		resp.State.RemoveResource(ctx)
	case refreshSave:
		resp.Diagnostics.Append(m.saveTo(ctx, &resp.State)...)
	}
}

// refreshed says what a refresh leaves of the state.
type refreshed int

const (
	refreshKeep refreshed = iota // unchanged (an error)
	refreshGone                  // removed: the job is gone
	refreshSave                  // m, as refreshJob left it
)

// refreshJob reads m's job from the API into m: the Read of both job
// types, and of their direct ReadResource (server_fast.go).
func refreshJob(ctx context.Context, pool *clientPool, m *fineTunedModel, diags *diag.Diagnostics) refreshed {
	out := refreshKeep
	pool.withClient(diags, func(c *openaift.Client) {
		job, err := c.RetrieveJob(ctx, m.ID.ValueString())
		if errors.Is(err, openaift.ErrNotFound) && m.Model.IsNull() {
			// An import: no arguments yet, and no job of that ID.
			diags.AddError("No such fine-tuning job",
				fmt.Sprintf("The API has no fine-tuning job %s for this key (and its organization and project). %s",
					m.ID.ValueString(), findJobID))
			return
		}
		if errors.Is(err, openaift.ErrNotFound) {
			out = refreshGone
			return
		}
		if err != nil {
			addAPIError(diags, "read fine-tuning job "+m.ID.ValueString(), err)
			return
		}
		diags.Append(m.setComputed(job)...)
		// The arguments stay as written (the API reports dated model names
		// and resolved "auto" values); only an import, which has none, takes
		// them from the API.
		if m.Model.IsNull() {
			diags.Append(m.setArguments(ctx, job)...)
		}
		out = refreshSave
	})
	return out
}

// Update only ever changes completion_window (or, after an import, writes an
// argument as the configuration does): nothing to send.
func (r *fineTunedModelResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	m := r.kind.model()
	resp.Diagnostics.Append(m.load(ctx, req.Plan.Schema.Type(), req.Plan.Raw)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.applied()
	resp.Diagnostics.Append(m.saveTo(ctx, &resp.State)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, nil)...)
}

// Delete cancels a job that has not finished. The trained model is kept.
func (r *fineTunedModelResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	m := r.kind.model()
	resp.Diagnostics.Append(m.load(ctx, req.State.Schema.Type(), req.State.Raw)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := m.ID.ValueString()
	r.pool.withClient(&resp.Diagnostics, func(c *openaift.Client) {
		job, err := c.RetrieveJob(ctx, id)
		if errors.Is(err, openaift.ErrNotFound) {
			return
		}
		if err != nil {
			addAPIError(&resp.Diagnostics, "read fine-tuning job "+id, err)
			return
		}
		if job.Status.Finished() {
			return
		}
		_, err = c.CancelJob(ctx, id)
		// A job that finished or vanished meanwhile needs no cancel.
		if err != nil && !errors.Is(err, openaift.ErrConflict) && !errors.Is(err, openaift.ErrNotFound) {
			addAPIError(&resp.Diagnostics, "cancel fine-tuning job "+id, err)
		}
	})
}

// ImportState takes a job ID; Read fills every argument from the API. An ID
// of another shape is refused here, before any request.
func (r *fineTunedModelResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !jobID.MatchString(req.ID) {
		resp.Diagnostics.AddError("Not a fine-tuning job ID",
			fmt.Sprintf("%q is not the ID of a fine-tuning job. %s", req.ID, findJobID))
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, []byte(`true`))...)
}
