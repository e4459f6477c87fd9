/* A third-party plugin for the ABI tests, written against include/tocsin/plugin_abi.h only.
 * echo.say answers {"echo": text} at once, or from another thread after delay_ms;
 * echo.fail answers a retryable error; echo.refuse refuses the call. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tocsin/plugin_abi.h"

/* Only what the tests send: {"text":"…"} or {"delay_ms":N,"text":"…"} as the engine serializes
 * it (keys sorted, no spaces). */
static int find_int(const char* json, const char* key, long* out) {
    const char* p = strstr(json, key);
    if (!p)
        return 0;
    *out = strtol(p + strlen(key), NULL, 10);
    return 1;
}

static char* find_text(const char* json) {
    const char* p = strstr(json, "\"text\":\"");
    if (!p)
        return NULL;
    p += 8;
    const char* end = p;
    while (*end && !(*end == '"' && end[-1] != '\\'))
        ++end;
    char* out = malloc((size_t)(end - p) + 1);
    memcpy(out, p, (size_t)(end - p));
    out[end - p] = '\0';
    return out;
}

struct later {
    long delay_ms;
    char* text;
    tocsin_complete_fn complete;
    void* completion_ctx;
};

static void answer(const char* text, tocsin_complete_fn complete, void* completion_ctx) {
    size_t n = strlen(text) + 32;
    char* out = malloc(n);
    snprintf(out, n, "{\"echo\":\"%s\"}", text);
    complete(completion_ctx, TOCSIN_OK, out);
    free(out);
}

static void* answer_later(void* arg) {
    struct later* l = arg;
    struct timespec ts = {l->delay_ms / 1000, (l->delay_ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    answer(l->text, l->complete, l->completion_ctx);
    free(l->text);
    free(l);
    return NULL;
}

static int say(void* ctx, const char* input, tocsin_complete_fn complete, void* completion_ctx) {
    (void)ctx;
    char* text = find_text(input);
    if (!text)
        return 1;
    long delay = 0;
    if (find_int(input, "\"delay_ms\":", &delay) && delay > 0) {
        struct later* l = malloc(sizeof *l);
        l->delay_ms = delay;
        l->text = text;
        l->complete = complete;
        l->completion_ctx = completion_ctx;
        pthread_t thread;
        if (pthread_create(&thread, NULL, answer_later, l) != 0) {
            free(text);
            free(l);
            return 2;
        }
        pthread_detach(thread);
        return 0;
    }
    answer(text, complete, completion_ctx);
    free(text);
    return 0;
}

static int fail(void* ctx, const char* input, tocsin_complete_fn complete, void* completion_ctx) {
    (void)input;
    complete(completion_ctx, TOCSIN_ERR_UNAVAILABLE, (const char*)ctx);
    return 0;
}

static int refuse(void* ctx, const char* input, tocsin_complete_fn complete, void* completion_ctx) {
    (void)ctx;
    (void)input;
    (void)complete;
    (void)completion_ctx;
    return 7;
}

static char fail_message[] = "upstream is down";

static const tocsin_action_v1 actions[] = {
    {"echo.say", "Echoes text, at once or after delay_ms from another thread",
     "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\",\"maxLength\":100},"
     "\"delay_ms\":{\"type\":\"integer\"}},\"required\":[\"text\"],"
     "\"additionalProperties\":false}",
     TOCSIN_ACTION_IDEMPOTENT, 5000, NULL, say},
    {"echo.fail", "Always fails, retryably", NULL, 0, 0, fail_message, fail},
    {"echo.refuse", "Refuses every call", NULL, 0, 0, NULL, refuse},
};

static const tocsin_plugin_v1 plugin = {
    TOCSIN_PLUGIN_ABI_VERSION, "echo",  "2.3.4",
    "ABI test plugin",         actions, sizeof actions / sizeof actions[0],
};

const tocsin_plugin_v1* tocsin_plugin_entry(uint32_t abi_version) {
    (void)abi_version;
    return &plugin;
}
