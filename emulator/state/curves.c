/*
 * The loss and accuracy curves of an emulated job (job.h): shaped by its
 * hyperparameters and fixed by its seed. A higher learning-rate multiplier
 * drops faster and noisier; training loss keeps falling with the epochs
 * while validation loss turns up after about an epoch and a half (the model
 * starts to memorise), so more epochs overfit. The same seed, data and
 * hyperparameters give the same numbers, step for step.
 */
#include "state/state.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A number in [-1, 1) from (seed, step, stream): splitmix64. */
static double noise(int64_t seed, int64_t step, int stream)
{
    uint64_t z =
        (uint64_t)seed * 0x9E3779B97F4A7C15u + (uint64_t)step * 4 + (uint64_t)stream;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    z ^= z >> 31;
    return (double)(z >> 11) / 4503599627370496.0 - 1.0;
}

static double lr_of(const emu_job *j)
{
    json_t *hp = json_object_get(json_object_get(j->method, emu_job_method_type(j)),
                                 "hyperparameters");
    double lr = json_number_value(json_object_get(hp, "learning_rate_multiplier"));
    return lr > 0 ? (lr > 20 ? 20 : lr) : 1.0;
}

static double accuracy(double loss)
{
    double a = 1.0 - 0.32 * loss;
    return a < 0 ? 0 : a > 1 ? 1 : a;
}

void emu_job_curves(const emu_job *j, int64_t step, emu_step_values *v)
{
    double lr = lr_of(j);
    double x = (double)step / (double)(j->steps_per_epoch > 0 ? j->steps_per_epoch : 1);
    double fit = 2.0 * exp(-1.6 * lr * x);
    double over = x > 1.5 ? 0.14 * (x - 1.5) * (x - 1.5) : 0.0;
    double train = 0.28 + fit - 0.04 * x + 0.05 * lr * noise(j->seed, step, 0);
    double valid_clean = 0.36 + fit + over;
    double valid = valid_clean + 0.04 * lr * noise(j->seed, step, 1);
    memset(v, 0, sizeof(*v));
    v->train_loss = train < 0.02 ? 0.02 : train;
    v->train_acc = accuracy(v->train_loss);
    v->has_valid = j->validation_file != NULL;
    v->valid_loss = valid < 0.02 ? 0.02 : valid;
    v->valid_acc = accuracy(v->valid_loss);
    v->has_full =
        v->has_valid && j->steps_per_epoch > 0 && step % j->steps_per_epoch == 0;
    v->full_valid_loss = valid_clean;
    v->full_valid_acc = accuracy(valid_clean);
}

json_t *emu_step_values_json(int64_t step, int64_t total_steps, const emu_step_values *v)
{
    json_t *o = json_pack("{s:I, s:f, s:f}", "step", (json_int_t)step, "train_loss",
                          v->train_loss, "train_mean_token_accuracy", v->train_acc);
    if (o && total_steps > 0)
        json_object_set_new(o, "total_steps", json_integer(total_steps));
    if (o && v->has_valid) {
        json_object_set_new(o, "valid_loss", json_real(v->valid_loss));
        json_object_set_new(o, "valid_mean_token_accuracy", json_real(v->valid_acc));
    }
    if (o && v->has_full) {
        json_object_set_new(o, "full_valid_loss", json_real(v->full_valid_loss));
        json_object_set_new(o, "full_valid_mean_token_accuracy",
                            json_real(v->full_valid_acc));
    }
    return o;
}

void emu_step_values_csv(int64_t step, const emu_step_values *v, char *line, size_t cap)
{
    char valid[64] = ",", full[64] = ",";
    if (v->has_valid)
        snprintf(valid, sizeof(valid), "%.6f,%.6f", v->valid_loss, v->valid_acc);
    if (v->has_full)
        snprintf(full, sizeof(full), "%.6f,%.6f", v->full_valid_loss, v->full_valid_acc);
    snprintf(line, cap, "%lld,%.6f,%.6f,%s,%s\n", (long long)step, v->train_loss,
             v->train_acc, valid, full);
}

const char *emu_job_method_type(const emu_job *j)
{
    return json_string_value(json_object_get(j->method, "type"));
}
