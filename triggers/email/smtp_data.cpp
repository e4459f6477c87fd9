#include "triggers/email/smtp_data.hpp"

namespace tocsin::triggers {

void smtp_data_reader::put(char c) {
    ++size_;
    if (size_ <= max_bytes_)
        message_ += c;
    else if (!message_.empty())
        std::string().swap(message_);  // over the limit: free what was kept
}

void smtp_data_reader::put(std::string_view text) {
    for (const char c : text)
        put(c);
}

std::size_t smtp_data_reader::feed(std::string_view chunk) {
    std::size_t i = 0;
    for (; i < chunk.size() && state_ != state::done; ++i) {
        const char c = chunk[i];
        switch (state_) {
            case state::line_start:
            case state::lf_start:
                if (c == '.') {
                    dot_after_crlf_ = state_ == state::line_start;
                    state_ = state::dot;
                    break;
                }
                [[fallthrough]];
            case state::text:
                if (c == '\r') {
                    state_ = state::cr;
                } else if (c == '\n') {
                    put("\r\n");
                    state_ = state::lf_start;
                } else {
                    put(c);
                    state_ = state::text;
                }
                break;
            case state::cr:
                if (c == '\n') {
                    put("\r\n");
                    state_ = state::line_start;
                } else if (c != '\r') {
                    put('\r');
                    put(c);
                    state_ = state::text;
                } else {
                    put('\r');  // the first of two CRs is content; the second may end the line
                }
                break;
            case state::dot:
                if (c == '\r') {
                    state_ = state::dot_cr;
                } else if (c == '\n') {
                    put(".\r\n");  // "." alone, ended by a bare LF: content, not the end
                    state_ = state::lf_start;
                } else {
                    put(c);  // the leading dot was stuffing
                    state_ = state::text;
                }
                break;
            case state::dot_cr:
                if (c == '\n' && dot_after_crlf_) {
                    state_ = state::done;
                } else if (c == '\n') {
                    put(".\r\n");  // "." alone after a bare LF: content, not the end
                    state_ = state::line_start;
                } else if (c == '\r') {
                    put('\r');
                    state_ = state::cr;
                } else {
                    put('\r');
                    put(c);
                    state_ = state::text;
                }
                break;
            case state::done:
                break;
        }
    }
    return i;
}

}  // namespace tocsin::triggers
