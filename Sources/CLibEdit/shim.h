// Non-variadic wrappers around libedit's <histedit.h>.
//
// Swift cannot call C variadic functions (`el_set`, `el_get`, `history`), and Swift 6 strict
// concurrency rejects the C globals `stdin`/`stdout`/`stderr`. Each use Kagami needs is wrapped
// here in a `static inline` function with a fixed signature.
#ifndef KAGAMI_CLIBEDIT_SHIM_H
#define KAGAMI_CLIBEDIT_SHIM_H

#include <histedit.h>
#include <stdio.h>

/// The prompt callback libedit calls before drawing a line.
typedef char *(*kagami_prompt_fn)(EditLine *);
/// A key function added with `EL_ADDFN` (returns a `CC_*` code).
typedef unsigned char (*kagami_key_fn)(EditLine *, int);

static inline FILE *kagami_stdin(void) { return stdin; }
static inline FILE *kagami_stdout(void) { return stdout; }
static inline FILE *kagami_stderr(void) { return stderr; }

static inline EditLine *kagami_el_init(const char *program) {
    return el_init(program, stdin, stdout, stderr);
}
static inline int kagami_el_set_prompt(EditLine *el, kagami_prompt_fn fn) {
    return el_set(el, EL_PROMPT, fn);
}
static inline int kagami_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}
static inline int kagami_el_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}
static inline int kagami_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}
static inline void *kagami_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}
static inline int kagami_el_addfn(EditLine *el, const char *name, const char *help, kagami_key_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
static inline int kagami_el_bind(EditLine *el, const char *key, const char *function) {
    return el_set(el, EL_BIND, key, function, NULL);
}
/// Turns ISIG off in edit mode only, so ^C reaches a key binding instead of raising SIGINT.
static inline int kagami_el_edit_mode_without_isig(EditLine *el) {
    return el_set(el, EL_SETTY, "-d", "-isig", NULL);
}
static inline int kagami_el_set_history(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}

static inline int kagami_history_set_size(History *h, int size) {
    HistEvent ev;
    return history(h, &ev, H_SETSIZE, size);
}
static inline int kagami_history_set_unique(History *h, int unique) {
    HistEvent ev;
    return history(h, &ev, H_SETUNIQUE, unique);
}
static inline int kagami_history_enter(History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}
static inline int kagami_history_load(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_LOAD, path);
}
static inline int kagami_history_save(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_SAVE, path);
}
/// Lines in the history, newest first.
static inline int kagami_history_count(History *h) {
    HistEvent ev;
    if (history(h, &ev, H_GETSIZE) < 0) return 0;
    return ev.num;
}

#endif
