// The sandbox's string.find, string.match, string.gmatch and string.gsub: a port of the pattern
// matcher of Lua 5.4.4 (lstrlib.c, section "PATTERN MATCHING"; MIT licence, Copyright (C)
// 1994-2022 Lua.org, PUC-Rio) that charges its work to the run's instruction budget.
//
// Why. The stock matcher runs in C, where the instruction hook never fires, and backtracking
// makes its cost polynomial in the subject's length: string.find(("a"):rep(2e5), ("a*"):rep(30)
// .. "b") or ("a"):rep(1e5):match(("(.-)"):rep(5) .. "x") would hold an executor thread for hours,
// past the CPU budget, the wall clock (which only the hook reads) and cancellation alike.
// Considered:
//   - rejecting patterns whose subject length times quantifier count exceeds a bound: refuses
//     legitimate work on large log text, and the cost is not a function of that product (%b and
//     back-references scan, gsub and gmatch restart at every position, a plain find with a long
//     needle is quadratic), so a bound tight enough to be safe is easy to beat or too strict;
//   - interrupting the stock matcher (signal, timer): it cannot be unwound safely from outside.
// So the matcher counts its steps: the budget bounds the work, whatever the pattern's shape, and
// legitimate work is never refused while budget remains. One step is worth about one VM
// instruction: every pattern item tried at a subject position, every character a repetition or %b
// scans, every 4 bytes of a [set] scanned; bulk byte work (memchr and memcmp of a plain find or a
// back-reference, copies into gsub's result) costs one step per 16 bytes. Steps go to
// control::instructions through charge_instructions() every hook_interval steps and at the end of
// each call, so a pattern can overrun the budget by at most hook_interval steps (plus one bulk
// comparison), and the run then ends with the hook's own cpu stop: same status, same "instruction
// limit of N exceeded" message, not catchable by pcall. A playbook thus gets no more CPU by doing
// its work in patterns, and the wall clock and cancellation are checked inside a long match as
// often as the hook checks them.
//
// Semantics are those of 5.4.4 for every input, error messages included: the differences from the
// upstream code are the step counting and C++ spelling. The structure and names follow lstrlib.c
// so the two can be compared function by function (do so when the linked Lua moves past 5.4.4;
// tests/lua/string_patterns_test.cpp pins the stock answers). Lua raises errors with longjmp from
// anywhere here (pattern errors, the stop): no frame in this file holds an object with a
// destructor.

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include <lua.hpp>

#include "engine/lua/control.hpp"
#include "engine/lua/sandbox.hpp"

namespace tocsin::lua::detail {
namespace {

// Bytes of a byte-at-a-time scan ([set] classes) and of a memchr/memcmp/copy worth one step.
constexpr std::size_t scan_bytes_per_step = 4;
constexpr std::size_t bulk_bytes_per_step = 16;

// Lua's defaults (luaconf.h does not set them): captures per pattern, and the recursion depth of
// match() before "pattern too complex".
constexpr int max_captures = 32;
constexpr int max_match_calls = 200;

constexpr ptrdiff_t cap_unfinished = -1;
constexpr ptrdiff_t cap_position = -2;

constexpr char l_esc = '%';
constexpr const char* specials = "^$*+?.([%-";

unsigned char uchar(char c) {
    return static_cast<unsigned char>(c);
}

struct match_state {
    const char* src_init;  // start of the subject
    const char* src_end;   // end ('\0') of the subject
    const char* p_end;     // end ('\0') of the pattern
    lua_State* L;
    int matchdepth;       // recursion left before "pattern too complex"
    unsigned char level;  // captures, finished or not
    struct {
        const char* init;
        ptrdiff_t len;
    } capture[max_captures];
    std::uint64_t steps;  // done since the last charge
};

// Charges the steps done so far (may raise the stop).
void settle(match_state* ms) {
    const std::uint64_t steps = ms->steps;
    ms->steps = 0;
    charge_instructions(ms->L, steps);
}

void count(match_state* ms, std::uint64_t steps) {
    ms->steps += steps;
    if (ms->steps >= static_cast<std::uint64_t>(hook_interval))
        settle(ms);
}

std::uint64_t bulk_steps(std::size_t bytes) {
    return 1 + bytes / bulk_bytes_per_step;
}

const char* match(match_state* ms, const char* s, const char* p);

int check_capture(match_state* ms, int l) {
    l -= '1';
    if (l < 0 || l >= ms->level || ms->capture[l].len == cap_unfinished)
        return luaL_error(ms->L, "invalid capture index %%%d", l + 1);
    return l;
}

int capture_to_close(match_state* ms) {
    int level = ms->level;
    for (level--; level >= 0; level--) {
        if (ms->capture[level].len == cap_unfinished)
            return level;
    }
    return luaL_error(ms->L, "invalid pattern capture");
}

const char* classend(match_state* ms, const char* p) {
    switch (*p++) {
        case l_esc: {
            if (p == ms->p_end)
                luaL_error(ms->L, "malformed pattern (ends with '%%')");
            return p + 1;
        }
        case '[': {
            const char* const start = p;
            if (*p == '^')
                p++;
            do {  // look for a ']'
                if (p == ms->p_end)
                    luaL_error(ms->L, "malformed pattern (missing ']')");
                if (*(p++) == l_esc && p < ms->p_end)
                    p++;  // skip escapes (e.g. '%]')
            } while (*p != ']');
            count(ms, static_cast<std::size_t>(p - start) / scan_bytes_per_step);
            return p + 1;
        }
        default: {
            return p;
        }
    }
}

int match_class(int c, int cl) {
    int res;
    switch (std::tolower(cl)) {
        case 'a':
            res = std::isalpha(c);
            break;
        case 'c':
            res = std::iscntrl(c);
            break;
        case 'd':
            res = std::isdigit(c);
            break;
        case 'g':
            res = std::isgraph(c);
            break;
        case 'l':
            res = std::islower(c);
            break;
        case 'p':
            res = std::ispunct(c);
            break;
        case 's':
            res = std::isspace(c);
            break;
        case 'u':
            res = std::isupper(c);
            break;
        case 'w':
            res = std::isalnum(c);
            break;
        case 'x':
            res = std::isxdigit(c);
            break;
        case 'z':
            res = (c == 0);
            break;  // deprecated option
        default:
            return (cl == c);
    }
    return (std::islower(cl) ? res : !res);
}

int matchbracketclass(match_state* ms, int c, const char* p, const char* ec) {
    count(ms, static_cast<std::size_t>(ec - p) / scan_bytes_per_step);
    int sig = 1;
    if (*(p + 1) == '^') {
        sig = 0;
        p++;  // skip the '^'
    }
    while (++p < ec) {
        if (*p == l_esc) {
            p++;
            if (match_class(c, uchar(*p)))
                return sig;
        } else if ((*(p + 1) == '-') && (p + 2 < ec)) {
            p += 2;
            if (uchar(*(p - 2)) <= c && c <= uchar(*p))
                return sig;
        } else if (uchar(*p) == c) {
            return sig;
        }
    }
    return !sig;
}

int singlematch(match_state* ms, const char* s, const char* p, const char* ep) {
    if (s >= ms->src_end)
        return 0;
    const int c = uchar(*s);
    switch (*p) {
        case '.':
            return 1;  // matches any char
        case l_esc:
            return match_class(c, uchar(*(p + 1)));
        case '[':
            return matchbracketclass(ms, c, p, ep - 1);
        default:
            return (uchar(*p) == c);
    }
}

const char* matchbalance(match_state* ms, const char* s, const char* p) {
    if (p >= ms->p_end - 1)
        luaL_error(ms->L, "malformed pattern (missing arguments to '%%b')");
    if (*s != *p)
        return nullptr;
    const int b = *p;
    const int e = *(p + 1);
    int cont = 1;
    while (++s < ms->src_end) {
        count(ms, 1);
        if (*s == e) {
            if (--cont == 0)
                return s + 1;
        } else if (*s == b) {
            cont++;
        }
    }
    return nullptr;  // string ends out of balance
}

const char* max_expand(match_state* ms, const char* s, const char* p, const char* ep) {
    ptrdiff_t i = 0;  // counts maximum expand for item
    while (singlematch(ms, s + i, p, ep)) {
        count(ms, 1);
        i++;
    }
    // keeps trying to match with the maximum repetitions
    while (i >= 0) {
        const char* res = match(ms, (s + i), ep + 1);
        if (res)
            return res;
        i--;  // else didn't match; reduce 1 repetition to try again
    }
    return nullptr;
}

const char* min_expand(match_state* ms, const char* s, const char* p, const char* ep) {
    for (;;) {
        const char* res = match(ms, s, ep + 1);
        if (res != nullptr)
            return res;
        count(ms, 1);
        if (singlematch(ms, s, p, ep))
            s++;  // try with one more repetition
        else
            return nullptr;
    }
}

const char* start_capture(match_state* ms, const char* s, const char* p, ptrdiff_t what) {
    const char* res;
    const int level = ms->level;
    if (level >= max_captures)
        luaL_error(ms->L, "too many captures");
    ms->capture[level].init = s;
    ms->capture[level].len = what;
    ms->level = static_cast<unsigned char>(level + 1);
    if ((res = match(ms, s, p)) == nullptr)  // match failed?
        ms->level--;                         // undo capture
    return res;
}

const char* end_capture(match_state* ms, const char* s, const char* p) {
    const int l = capture_to_close(ms);
    const char* res;
    ms->capture[l].len = s - ms->capture[l].init;  // close capture
    if ((res = match(ms, s, p)) == nullptr)        // match failed?
        ms->capture[l].len = cap_unfinished;       // undo capture
    return res;
}

const char* match_capture(match_state* ms, const char* s, int l) {
    l = check_capture(ms, l);
    const std::size_t len = static_cast<std::size_t>(ms->capture[l].len);
    count(ms, bulk_steps(len));
    if (static_cast<std::size_t>(ms->src_end - s) >= len &&
        std::memcmp(ms->capture[l].init, s, len) == 0)
        return s + len;
    return nullptr;
}

const char* match(match_state* ms, const char* s, const char* p) {
    if (ms->matchdepth-- == 0)
        luaL_error(ms->L, "pattern too complex");
init:  // using goto's to optimize tail recursion
    count(ms, 1);
    if (p != ms->p_end) {  // end of pattern?
        switch (*p) {
            case '(': {               // start capture
                if (*(p + 1) == ')')  // position capture?
                    s = start_capture(ms, s, p + 2, cap_position);
                else
                    s = start_capture(ms, s, p + 1, cap_unfinished);
                break;
            }
            case ')': {  // end capture
                s = end_capture(ms, s, p + 1);
                break;
            }
            case '$': {
                if ((p + 1) != ms->p_end)              // is the '$' the last char in pattern?
                    goto dflt;                         // no; go to default
                s = (s == ms->src_end) ? s : nullptr;  // check end of string
                break;
            }
            case l_esc: {  // escaped sequences not in the format class[*+?-]?
                switch (*(p + 1)) {
                    case 'b': {  // balanced string?
                        s = matchbalance(ms, s, p + 2);
                        if (s != nullptr) {
                            p += 4;
                            goto init;  // return match(ms, s, p + 4);
                        }               // else fail (s == nullptr)
                        break;
                    }
                    case 'f': {  // frontier?
                        const char* ep;
                        char previous;
                        p += 2;
                        if (*p != '[')
                            luaL_error(ms->L, "missing '[' after '%%f' in pattern");
                        ep = classend(ms, p);  // points to what is next
                        previous = (s == ms->src_init) ? '\0' : *(s - 1);
                        if (!matchbracketclass(ms, uchar(previous), p, ep - 1) &&
                            matchbracketclass(ms, uchar(*s), p, ep - 1)) {
                            p = ep;
                            goto init;  // return match(ms, s, ep);
                        }
                        s = nullptr;  // match failed
                        break;
                    }
                    case '0':
                    case '1':
                    case '2':
                    case '3':
                    case '4':
                    case '5':
                    case '6':
                    case '7':
                    case '8':
                    case '9': {  // capture results (%0-%9)?
                        s = match_capture(ms, s, uchar(*(p + 1)));
                        if (s != nullptr) {
                            p += 2;
                            goto init;  // return match(ms, s, p + 2)
                        }
                        break;
                    }
                    default:
                        goto dflt;
                }
                break;
            }
            default:
            dflt : {                               // pattern class plus optional suffix
                const char* ep = classend(ms, p);  // points to optional suffix
                // does not match at least once?
                if (!singlematch(ms, s, p, ep)) {
                    if (*ep == '*' || *ep == '?' || *ep == '-') {  // accept empty?
                        p = ep + 1;
                        goto init;    // return match(ms, s, ep + 1);
                    } else {          // '+' or no suffix
                        s = nullptr;  // fail
                    }
                } else {             // matched once
                    switch (*ep) {   // handle optional suffix
                        case '?': {  // optional
                            const char* res;
                            if ((res = match(ms, s + 1, ep + 1)) != nullptr) {
                                s = res;
                            } else {
                                p = ep + 1;
                                goto init;  // else return match(ms, s, ep + 1);
                            }
                            break;
                        }
                        case '+':  // 1 or more repetitions
                            s++;   // 1 match already done
                            [[fallthrough]];
                        case '*':  // 0 or more repetitions
                            s = max_expand(ms, s, p, ep);
                            break;
                        case '-':  // 0 or more repetitions (minimum)
                            s = min_expand(ms, s, p, ep);
                            break;
                        default:  // no suffix
                            s++;
                            p = ep;
                            goto init;  // return match(ms, s + 1, ep);
                    }
                }
                break;
            }
        }
    }
    ms->matchdepth++;
    return s;
}

// Plain search (find with `plain` or a pattern without specials), charging what memchr and
// memcmp scan: a long needle that nearly matches everywhere makes it quadratic.
const char* lmemfind(match_state* ms, const char* s1, std::size_t l1, const char* s2,
                     std::size_t l2) {
    if (l2 == 0)
        return s1;  // empty strings are everywhere
    if (l2 > l1)
        return nullptr;  // avoids a negative 'l1'
    const char* init;    // to search for a '*s2' inside 's1'
    l2--;                // 1st char will be checked by 'memchr'
    l1 = l1 - l2;        // 's2' cannot be found after that
    while (l1 > 0 && (init = static_cast<const char*>(std::memchr(s1, *s2, l1))) != nullptr) {
        init++;  // 1st char is already checked
        count(ms, bulk_steps(static_cast<std::size_t>(init - s1)) + bulk_steps(l2));
        if (std::memcmp(init, s2 + 1, l2) == 0)
            return init - 1;
        // correct 'l1' and 's1' to try again
        l1 -= static_cast<std::size_t>(init - s1);
        s1 = init;
    }
    count(ms, bulk_steps(l1));
    return nullptr;  // not found
}

// Information about the i-th capture. With no captures and i == 0, the whole match s..e. A
// string capture: its length, its address in *cap. A position: pushed, and cap_position returned.
ptrdiff_t get_onecapture(match_state* ms, int i, const char* s, const char* e, const char** cap) {
    if (i >= ms->level) {
        if (i != 0)
            luaL_error(ms->L, "invalid capture index %%%d", i + 1);
        *cap = s;
        return e - s;
    }
    const ptrdiff_t capl = ms->capture[i].len;
    *cap = ms->capture[i].init;
    if (capl == cap_unfinished)
        luaL_error(ms->L, "unfinished capture");
    else if (capl == cap_position)
        lua_pushinteger(ms->L, (ms->capture[i].init - ms->src_init) + 1);
    return capl;
}

// Pushes the i-th capture.
void push_onecapture(match_state* ms, int i, const char* s, const char* e) {
    const char* cap;
    const ptrdiff_t l = get_onecapture(ms, i, s, e, &cap);
    if (l != cap_position)
        lua_pushlstring(ms->L, cap, static_cast<std::size_t>(l));
    // else position was already pushed
}

int push_captures(match_state* ms, const char* s, const char* e) {
    const int nlevels = (ms->level == 0 && s) ? 1 : ms->level;
    luaL_checkstack(ms->L, nlevels, "too many captures");
    for (int i = 0; i < nlevels; i++)
        push_onecapture(ms, i, s, e);
    return nlevels;  // number of strings pushed
}

// True when the pattern has no special characters.
int nospecials(match_state* ms, const char* p, std::size_t l) {
    count(ms, bulk_steps(l));
    std::size_t upto = 0;
    do {
        if (std::strpbrk(p + upto, specials))
            return 0;                       // pattern has a special character
        upto += std::strlen(p + upto) + 1;  // may have more after \0
    } while (upto <= l);
    return 1;  // no special chars found
}

void prepstate(match_state* ms, lua_State* L, const char* s, std::size_t ls, const char* p,
               std::size_t lp) {
    ms->L = L;
    ms->matchdepth = max_match_calls;
    ms->src_init = s;
    ms->src_end = s + ls;
    ms->p_end = p + lp;
    ms->level = 0;
    ms->steps = 0;
}

void reprepstate(match_state* ms) {
    ms->level = 0;
}

// Translates a relative initial position (negative means back from the end), clipped to [1, inf).
std::size_t posrelat_i(lua_Integer pos, std::size_t len) {
    if (pos > 0)
        return static_cast<std::size_t>(pos);
    if (pos == 0)
        return 1;
    if (pos < -static_cast<lua_Integer>(len))  // inverted comparison
        return 1;                              // clip to 1
    return len + static_cast<std::size_t>(pos) + 1;
}

int str_find_aux(lua_State* L, int find) {
    std::size_t ls, lp;
    const char* s = luaL_checklstring(L, 1, &ls);
    const char* p = luaL_checklstring(L, 2, &lp);
    const std::size_t init = posrelat_i(luaL_optinteger(L, 3, 1), ls) - 1;
    if (init > ls) {       // start after string's end?
        luaL_pushfail(L);  // cannot find anything
        return 1;
    }
    match_state ms;
    prepstate(&ms, L, s, ls, p, lp);
    // explicit request or no special characters?
    if (find && (lua_toboolean(L, 4) || nospecials(&ms, p, lp))) {
        // do a plain search
        const char* s2 = lmemfind(&ms, s + init, ls - init, p, lp);
        settle(&ms);
        if (s2) {
            lua_pushinteger(L, (s2 - s) + 1);
            lua_pushinteger(L, static_cast<lua_Integer>((s2 - s) + static_cast<ptrdiff_t>(lp)));
            return 2;
        }
    } else {
        const char* s1 = s + init;
        const int anchor = (*p == '^');
        if (anchor)
            p++;  // skip anchor character (the pattern's end, ms.p_end, stays)
        do {
            const char* res;
            reprepstate(&ms);
            if ((res = match(&ms, s1, p)) != nullptr) {
                settle(&ms);
                if (find) {
                    lua_pushinteger(L, (s1 - s) + 1);  // start
                    lua_pushinteger(L, res - s);       // end
                    return push_captures(&ms, nullptr, nullptr) + 2;
                }
                return push_captures(&ms, s1, res);
            }
        } while (s1++ < ms.src_end && !anchor);
        settle(&ms);
    }
    luaL_pushfail(L);  // not found
    return 1;
}

int str_find(lua_State* L) {
    return str_find_aux(L, 1);
}

int str_match(lua_State* L) {
    return str_find_aux(L, 0);
}

// State of one gmatch iterator, a full userdata: plain data, Lua frees it without a destructor.
struct gmatch_state {
    const char* src;        // current position
    const char* p;          // pattern
    const char* lastmatch;  // end of last match
    match_state ms;
};

int gmatch_aux(lua_State* L) {
    auto* gm = static_cast<gmatch_state*>(lua_touserdata(L, lua_upvalueindex(3)));
    gm->ms.L = L;  // the iterator may be called from another coroutine
    gm->ms.steps = 0;
    for (const char* src = gm->src; src <= gm->ms.src_end; src++) {
        const char* e;
        reprepstate(&gm->ms);
        if ((e = match(&gm->ms, src, gm->p)) != nullptr && e != gm->lastmatch) {
            gm->src = gm->lastmatch = e;
            settle(&gm->ms);
            return push_captures(&gm->ms, src, e);
        }
    }
    settle(&gm->ms);
    return 0;  // not found
}

int gmatch(lua_State* L) {
    std::size_t ls, lp;
    const char* s = luaL_checklstring(L, 1, &ls);
    const char* p = luaL_checklstring(L, 2, &lp);
    std::size_t init = posrelat_i(luaL_optinteger(L, 3, 1), ls) - 1;
    lua_settop(L, 2);  // keep strings on closure to avoid being collected
    auto* gm = static_cast<gmatch_state*>(lua_newuserdatauv(L, sizeof(gmatch_state), 0));
    if (init > ls)      // start after string's end?
        init = ls + 1;  // avoid overflows in 's + init'
    prepstate(&gm->ms, L, s, ls, p, lp);
    gm->src = s + init;
    gm->p = p;
    gm->lastmatch = nullptr;
    lua_pushcclosure(L, gmatch_aux, 3);
    return 1;
}

void add_s(match_state* ms, luaL_Buffer* b, const char* s, const char* e) {
    std::size_t l;
    lua_State* L = ms->L;
    const char* news = lua_tolstring(L, 3, &l);
    count(ms, bulk_steps(l));
    const char* p;
    while ((p = static_cast<const char*>(std::memchr(news, l_esc, l))) != nullptr) {
        luaL_addlstring(b, news, static_cast<std::size_t>(p - news));
        p++;                // skip ESC
        if (*p == l_esc) {  // '%%'
            luaL_addchar(b, *p);
        } else if (*p == '0') {  // '%0'
            count(ms, bulk_steps(static_cast<std::size_t>(e - s)));
            luaL_addlstring(b, s, static_cast<std::size_t>(e - s));
        } else if (std::isdigit(uchar(*p))) {  // '%n'
            const char* cap;
            const ptrdiff_t resl = get_onecapture(ms, *p - '1', s, e, &cap);
            if (resl == cap_position) {
                luaL_addvalue(b);  // add position to accumulated result
            } else {
                count(ms, bulk_steps(static_cast<std::size_t>(resl)));
                luaL_addlstring(b, cap, static_cast<std::size_t>(resl));
            }
        } else {
            luaL_error(L, "invalid use of '%c' in replacement string", l_esc);
        }
        l -= static_cast<std::size_t>(p + 1 - news);
        news = p + 1;
    }
    luaL_addlstring(b, news, l);
}

// Adds the replacement value to the buffer. True when the subject changed (a function or table
// answering nil or false keeps the original text).
int add_value(match_state* ms, luaL_Buffer* b, const char* s, const char* e, int tr) {
    lua_State* L = ms->L;
    switch (tr) {
        case LUA_TFUNCTION: {  // call the function
            // Charge before Lua runs: the function's own instructions are the hook's to count.
            settle(ms);
            lua_pushvalue(L, 3);                    // push the function
            const int n = push_captures(ms, s, e);  // all captures as arguments
            lua_call(L, n, 1);                      // call it
            break;
        }
        case LUA_TTABLE: {                 // index the table
            push_onecapture(ms, 0, s, e);  // first capture is the index
            lua_gettable(L, 3);
            break;
        }
        default: {               // LUA_TNUMBER or LUA_TSTRING
            add_s(ms, b, s, e);  // add value to the buffer
            return 1;            // something changed
        }
    }
    if (!lua_toboolean(L, -1)) {  // nil or false?
        lua_pop(L, 1);            // remove value
        count(ms, bulk_steps(static_cast<std::size_t>(e - s)));
        luaL_addlstring(b, s, static_cast<std::size_t>(e - s));  // keep original text
        return 0;                                                // no changes
    }
    if (!lua_isstring(L, -1)) {
        return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    }
    luaL_addvalue(b);  // add result to accumulator
    return 1;          // something changed
}

int str_gsub(lua_State* L) {
    std::size_t srcl, lp;
    const char* src = luaL_checklstring(L, 1, &srcl);  // subject
    const char* p = luaL_checklstring(L, 2, &lp);      // pattern
    const char* lastmatch = nullptr;                   // end of last match
    const int tr = lua_type(L, 3);                     // replacement type
    const lua_Integer max_s =
        luaL_optinteger(L, 4, static_cast<lua_Integer>(srcl + 1));  // max replacements
    const int anchor = (*p == '^');
    lua_Integer n = 0;  // replacement count
    int changed = 0;    // change flag
    match_state ms;
    luaL_Buffer b;
    luaL_argexpected(
        L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION || tr == LUA_TTABLE, 3,
        "string/function/table");
    luaL_buffinit(L, &b);
    if (anchor) {
        p++;
        lp--;  // skip anchor character
    }
    prepstate(&ms, L, src, srcl, p, lp);
    while (n < max_s) {
        const char* e;
        reprepstate(&ms);  // (re)prepare state for new match
        if ((e = match(&ms, src, p)) != nullptr && e != lastmatch) {  // match?
            n++;
            changed = add_value(&ms, &b, src, e, tr) | changed;
            src = lastmatch = e;
        } else if (src < ms.src_end) {  // otherwise, skip one character
            luaL_addchar(&b, *src++);
        } else {
            break;  // end of subject
        }
        if (anchor)
            break;
    }
    if (!changed) {  // no changes?
        settle(&ms);
        lua_pushvalue(L, 1);  // return original string
    } else {                  // something changed
        count(&ms, bulk_steps(static_cast<std::size_t>(ms.src_end - src)));
        settle(&ms);
        luaL_addlstring(&b, src, static_cast<std::size_t>(ms.src_end - src));
        luaL_pushresult(&b);  // create and return new string
    }
    lua_pushinteger(L, n);  // number of substitutions
    return 2;
}

void set_function(lua_State* L, int table, const char* name, lua_CFunction fn) {
    lua_pushcfunction(L, fn);
    lua_setfield(L, table, name);
}

}  // namespace

void install_metered_patterns(lua_State* L, int string_table) {
    string_table = lua_absindex(L, string_table);
    set_function(L, string_table, "find", &str_find);
    set_function(L, string_table, "match", &str_match);
    set_function(L, string_table, "gmatch", &gmatch);
    set_function(L, string_table, "gsub", &str_gsub);
}

}  // namespace tocsin::lua::detail
