// create_and_wait (C++): upload a training file, create a fine-tuning job and
// wait for it, with small RAII wrappers of its own over the C API: a
// unique_ptr for each result (freed by its _free function) and an exception
// carrying the client's last error.
//
//   OPENAI_API_KEY=... create_and_wait_cpp TRAINING_FILE [MODEL]
//
// The base URL comes from OPENAI_BASE_URL (point it at openai-ft-emulator,
// http://127.0.0.1:PORT/v1, to try it offline).
#include <openai_ft/openai_ft.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

namespace oft
{

// Frees a library-owned result with the library's own function.
template <typename T, void (*Free)(T *)> struct deleter {
    void operator()(T *p) const
    {
        Free(p);
    }
};
using client = std::unique_ptr<oft_client, deleter<oft_client, oft_client_free>>;
using file = std::unique_ptr<oft_file, deleter<oft_file, oft_file_free>>;
using job = std::unique_ptr<oft_job, deleter<oft_job, oft_job_free>>;

// A failed call: the status and what the server said, copied out of the
// client's last error (which the next call overwrites).
class error : public std::runtime_error
{
  public:
    error(int status, const oft_error *e)
        : std::runtime_error(oft_error_message(e)), status(status),
          http_status(oft_error_http_status(e)), code(or_empty(oft_error_code(e))),
          request_id(or_empty(oft_error_request_id(e)))
    {
    }
    int status;
    int http_status;
    std::string code;
    std::string request_id;

  private:
    static std::string or_empty(const char *s)
    {
        return s ? s : "";
    }
};

inline void check(oft_client *c, int rc)
{
    if (rc != OFT_OK)
        throw error(rc, oft_client_last_error(c));
}

inline client make_client()
{
    oft_client *c = nullptr;
    int rc = oft_client_new(&c, nullptr); // key and base URL from OPENAI_*
    if (rc != OFT_OK)
        throw std::runtime_error(std::string("client: ") +
                                 oft_error_message(oft_error_last()));
    return client(c);
}

} // namespace oft

static int on_progress(const oft_job *job, const oft_event *event, void *)
{
    if (event)
        std::cout << "  " << event->message << "\n";
    else
        std::cout << "job " << job->id << ": " << job->status_raw << "\n";
    std::cout.flush();
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::cerr << "usage: " << argv[0] << " TRAINING_FILE [MODEL]\n";
        return 2;
    }
    try {
        oft::client c = oft::make_client();

        oft_file *raw_file = nullptr;
        oft::check(c.get(), oft_file_upload(&raw_file, c.get(), argv[1], nullptr));
        oft::file training(raw_file);
        std::cout << "uploaded " << training->id << "\n";

        oft_job_create_options create = OFT_JOB_CREATE_OPTIONS_INIT;
        create.model = argc > 2 ? argv[2] : "gpt-4o-mini-2024-07-18";
        create.training_file = training->id;
        create.n_epochs.mode = OFT_HP_VALUE;
        create.n_epochs.value = 2;
        oft_job *raw_job = nullptr;
        oft::check(c.get(), oft_job_create(&raw_job, c.get(), &create));
        oft::job created(raw_job);
        std::cout << "created " << created->id << "\n";

        oft_wait_options wait = OFT_WAIT_OPTIONS_INIT;
        wait.poll_interval_ms = 500;
        wait.on_progress = on_progress;
        oft_job *raw_done = nullptr;
        int rc = oft_job_wait(&raw_done, c.get(), created->id, &wait);
        oft::job done(raw_done); // freed on every path, also when rc is an error
        oft::check(c.get(), rc);
        std::cout << "fine_tuned_model: " << done->fine_tuned_model << "\n";
        return 0;
    } catch (const oft::error &e) {
        std::cerr << "error: " << e.what() << " (" << oft_status_str(e.status);
        if (e.http_status)
            std::cerr << ", HTTP " << e.http_status;
        if (!e.request_id.empty())
            std::cerr << ", request " << e.request_id;
        std::cerr << ")\n";
    } catch (const std::exception &e) {
        std::cerr << "error: " << e.what() << "\n";
    }
    return 1;
}
