/*
 * Tocsin third-party plugin ABI, version 1.
 *
 * A plugin is a shared library in the directory named by the `plugins.dir` configuration key.
 * The engine loads it with dlopen(RTLD_NOW | RTLD_LOCAL) and calls its one exported symbol:
 *
 *     const tocsin_plugin_v1* tocsin_plugin_entry(uint32_t abi_version);
 *
 * `abi_version` is the engine's TOCSIN_PLUGIN_ABI_VERSION. The plugin returns its descriptor
 * (static storage: the engine never frees it) with the ABI version it was built against, or NULL
 * to decline. The engine refuses a descriptor whose abi_version differs from its own, naming both
 * versions, and keeps running with its other plugins.
 *
 * Actions appear in playbooks as tocsin.<name>{...}; every action name starts with the plugin
 * name and a dot ("echo.say" in plugin "echo"). The engine validates the input against
 * input_schema_json before invoke() runs, so a plugin sees only well-formed input.
 *
 * invoke() is called on an engine I/O thread and must not block. It returns 0 when it accepted
 * the call, in which case it must call `complete` exactly once, synchronously or later from any
 * thread; a non-zero return means the call was refused and `complete` must not be called. Strings
 * passed to `complete` are copied before it returns. An invocation the engine has timed out may
 * still be completed: the late answer is dropped, so completion_ctx stays valid until `complete`
 * is called.
 */
#ifndef TOCSIN_PLUGIN_ABI_H
#define TOCSIN_PLUGIN_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TOCSIN_PLUGIN_ABI_VERSION 1u
#define TOCSIN_PLUGIN_ENTRY_SYMBOL "tocsin_plugin_entry"

/* Outcome of an action. Errors become `nil, err` in Lua; UNAVAILABLE and TIMEOUT are retryable. */
typedef enum tocsin_status {
    TOCSIN_OK = 0,
    TOCSIN_ERR_INVALID_ARGUMENT = 1,
    TOCSIN_ERR_NOT_FOUND = 2,
    TOCSIN_ERR_CONFLICT = 3,
    TOCSIN_ERR_LIMIT_EXCEEDED = 4,
    TOCSIN_ERR_UNAUTHENTICATED = 5,
    TOCSIN_ERR_FORBIDDEN = 6,
    TOCSIN_ERR_UNAVAILABLE = 7,
    TOCSIN_ERR_TIMEOUT = 8,
    TOCSIN_ERR_INTERNAL = 9
} tocsin_status;

/* status TOCSIN_OK: `text` is the output as JSON text (NULL means JSON null).
 * Any other status: `text` is a UTF-8 error message. */
typedef void (*tocsin_complete_fn)(void* completion_ctx, int status, const char* text);

/* Action flags. */
#define TOCSIN_ACTION_SIDE_EFFECTS 1u /* changes something outside the engine */
#define TOCSIN_ACTION_IDEMPOTENT 2u   /* safe to repeat with the same input */

typedef struct tocsin_action_v1 {
    const char* name;        /* dotted, "<plugin>.<action>" */
    const char* description; /* one line; may be NULL */
    /* JSON Schema subset: {"type":"object","properties":{"x":{"type":"string",
     * "description":…,"enum":[…],"default":…,"maxLength":N}},"required":[…],
     * "additionalProperties":false}. NULL means an action without input. */
    const char* input_schema_json;
    uint32_t flags;
    uint32_t default_timeout_ms; /* 0: the engine's default (30 s) */
    void* ctx;                   /* passed back to invoke() unchanged */
    int (*invoke)(void* ctx, const char* input_json, tocsin_complete_fn complete,
                  void* completion_ctx);
} tocsin_action_v1;

typedef struct tocsin_plugin_v1 {
    uint32_t abi_version; /* TOCSIN_PLUGIN_ABI_VERSION the plugin was built against */
    const char* name;     /* [a-z][a-z0-9_]*, unique among loaded plugins */
    const char* version;
    const char* description; /* may be NULL */
    const tocsin_action_v1* actions;
    uint32_t action_count;
} tocsin_plugin_v1;

typedef const tocsin_plugin_v1* (*tocsin_plugin_entry_fn)(uint32_t abi_version);

#ifdef __cplusplus
}
#endif

#endif /* TOCSIN_PLUGIN_ABI_H */
