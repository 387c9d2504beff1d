// Command create-and-wait uploads a training file, creates a fine-tuning job
// on it and waits for the job, printing its events as they come; then it
// prints the fine-tuned model. Ctrl-C stops the wait (the job keeps
// running); -timeout bounds it.
//
//	OPENAI_API_KEY=sk-... go run . -model gpt-4o-mini-2024-07-18 train.jsonl
//
// Against the emulator: openai-ft-emulator --port 8080 &, then
// OPENAI_BASE_URL=http://127.0.0.1:8080/v1 OPENAI_API_KEY=sk-any go run . FILE.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

func main() {
	model := flag.String("model", "gpt-4o-mini-2024-07-18", "the base model")
	timeout := flag.Duration("timeout", time.Hour, "how long to wait for the job")
	poll := flag.Duration("poll", 0, "the poll interval (0: the library's, 5 s)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: create-and-wait [-model M] [-timeout D] TRAIN.jsonl")
		os.Exit(2)
	}
	os.Exit(run(*model, flag.Arg(0), *timeout, *poll))
}

func run(model, path string, timeout, poll time.Duration) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	// Key, base URL, organization and project from the environment.
	client, err := openaift.NewClient(openaift.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer client.Close()

	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer f.Close()
	file, err := client.Upload(ctx, f, "train.jsonl", openaift.UploadParams{})
	if err != nil {
		return fail("upload", err)
	}
	fmt.Printf("uploaded %s (%d bytes)\n", file.ID, file.Bytes)

	job, err := client.CreateJob(ctx, openaift.CreateJobParams{Model: model, TrainingFile: file.ID,
		NEpochs: openaift.Value(2)})
	if err != nil {
		return fail("create the job", err)
	}
	fmt.Printf("created %s (%s)\n", job.ID, job.Status)

	id := job.ID
	waitCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	job, err = client.Wait(waitCtx, id, openaift.WaitOptions{PollInterval: poll,
		Progress: func(j *openaift.Job, e *openaift.Event) error {
			if e != nil {
				fmt.Printf("  %s %s\n", e.Level, e.Message)
			}
			return nil
		}})
	switch {
	case err == nil:
		fmt.Printf("fine_tuned_model: %s\n", job.FineTunedModel)
		return 0
	case errors.Is(err, openaift.ErrJobFailed) && job != nil && job.Error != nil:
		fmt.Fprintf(os.Stderr, "job %s %s: %s\n", job.ID, job.Status, job.Error.Message)
		return 1
	case errors.Is(err, context.DeadlineExceeded):
		fmt.Fprintf(os.Stderr, "job %s not finished after %v; it keeps running\n", id, timeout)
		return 1
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(os.Stderr, "interrupted; job %s keeps running\n", id)
		return 130
	default:
		return fail("wait for the job", err)
	}
}

// fail reports a failed call with what the API said.
func fail(what string, err error) int {
	var apiErr *openaift.APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode != 0 {
		fmt.Fprintf(os.Stderr, "could not %s: HTTP %d %s (type %s, code %s, request %s)\n", what,
			apiErr.StatusCode, apiErr.Message, apiErr.Type, apiErr.Code, apiErr.RequestID)
	} else {
		fmt.Fprintf(os.Stderr, "could not %s: %v\n", what, err)
	}
	return 1
}
