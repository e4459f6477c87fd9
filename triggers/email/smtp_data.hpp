#pragma once
// The message text of DATA (RFC 5321 4.1.1.4, 4.5.2), read incrementally as it arrives:
// - the message ends at <CRLF>.<CRLF> and nowhere else: a "." line after a bare LF, or ending in a
//   bare LF, is content. This is Postfix's answer to SMTP smuggling (CVE-2023-51764) and the
//   RFC's rule; no other byte sequence can end the message early or split it in two;
// - a leading "." is removed from every other line that starts with one (dot-unstuffing);
// - line ends are stored as CRLF, bare LF included; a bare CR is content;
// - lines may be of any length (as in Postfix): only the message size is limited. Past
//   `max_bytes` the content is dropped but reading goes on to the end of the message, so that the
//   client can be answered 552 and the session continue.
// Thread-safety: one reader per transaction, used from one strand.

#include <cstddef>
#include <string>
#include <string_view>

namespace tocsin::triggers {

class smtp_data_reader {
  public:
    explicit smtp_data_reader(std::size_t max_bytes) : max_bytes_(max_bytes) {}

    // Takes bytes of the DATA stream; returns how many it used: all of `chunk`, or fewer when the
    // end of the message was among them (what follows is the client's next command, pipelined).
    std::size_t feed(std::string_view chunk);

    bool finished() const { return state_ == state::done; }
    // More than max_bytes arrived; the message was dropped.
    bool too_big() const { return size_ > max_bytes_; }
    // Bytes of message (after unstuffing, with CRLF line ends), including any dropped.
    std::size_t size() const { return size_; }
    std::string take() { return std::move(message_); }

  private:
    enum class state {
        line_start,  // after CRLF: a "." here may end the message
        lf_start,    // after a bare LF: a "." here is unstuffed but cannot end the message
        dot,         // "." at the start of a line
        dot_cr,      // ".\r" at the start of a line
        text,        // inside a line
        cr,          // a CR inside a line, waiting for its LF
        done,
    };

    void put(char c);
    void put(std::string_view text);

    std::size_t max_bytes_;
    std::size_t size_ = 0;
    std::string message_;
    state state_ = state::line_start;
    bool dot_after_crlf_ = false;  // in state dot: whether the line began after a CRLF
};

}  // namespace tocsin::triggers
