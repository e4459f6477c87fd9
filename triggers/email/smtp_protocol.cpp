#include "triggers/email/smtp_protocol.hpp"

#include <algorithm>
#include <charconv>

#include "triggers/email/email_binding.hpp"
#include "triggers/email/smtp_address.hpp"

namespace tocsin::triggers {

namespace {

constexpr std::string_view crlf = "\r\n";

std::string upper(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string line(std::string_view text) {
    return std::string(text) + std::string(crlf);
}

// Printable for a reply: what a client sent, without control characters, bounded.
std::string echo(std::string_view text) {
    std::string out;
    for (const char c : text.substr(0, 256))
        out += static_cast<unsigned char>(c) < 0x20 || c == 0x7F ? '?' : c;
    return out;
}

}  // namespace

smtp_protocol::smtp_protocol(smtp_policy policy) : policy_(std::move(policy)) {}

std::string smtp_protocol::greeting() const {
    return line("220 " + policy_.hostname + " ESMTP Tocsin");
}

std::string smtp_protocol::timed_out() const {
    return line("421 4.4.2 " + policy_.hostname + " Error: timeout exceeded");
}

std::string smtp_protocol::shutting_down() const {
    return line("421 4.3.2 " + policy_.hostname + " Service shutting down, closing channel");
}

std::string smtp_protocol::too_many_connections() const {
    return line("421 4.7.0 " + policy_.hostname + " Error: too many connections");
}

std::string smtp_protocol::message_too_big() {
    return line("552 5.3.4 Error: message file too big");
}

smtp_step smtp_protocol::answer(std::string reply, smtp_action action) {
    if (!reply.empty() && (reply.front() == '4' || reply.front() == '5') &&
        action != smtp_action::close && ++errors_ >= policy_.max_errors)
        return {
            std::move(reply) + line("421 4.7.0 " + policy_.hostname + " Error: too many errors"),
            smtp_action::close};
    return {std::move(reply), action};
}

smtp_step smtp_protocol::line_too_long() {
    return answer(line("500 5.5.2 Error: line too long"));
}

void smtp_protocol::tls_started() {
    tls_active_ = true;
    greeted_ = false;
    helo_.clear();
    end_transaction();
}

smtp_step smtp_protocol::command(std::string_view text) {
    if (text.empty())
        return answer(line("500 5.5.2 Error: bad syntax"));
    const auto space = text.find(' ');
    const auto verb = upper(text.substr(0, space));
    const auto argument =
        space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
    const bool http = verb == "GET" || verb == "POST" || verb == "HEAD" || verb == "PUT" ||
                      verb == "CONNECT" || verb == "OPTIONS";
    if (http || !is_letter(text.front()))
        return {line("221 2.7.0 Error: I can break rules, too. Goodbye."), smtp_action::close};
    if (verb == "EHLO" || verb == "HELO")
        return ehlo(trim(argument), verb == "EHLO");
    if (verb == "MAIL")
        return mail(argument);
    if (verb == "RCPT")
        return rcpt(argument);
    if (verb == "DATA")
        return data(argument);
    if (verb == "RSET") {
        if (!trim(argument).empty())
            return answer(line("501 5.5.4 Syntax: RSET"));
        end_transaction();
        return answer(line("250 2.0.0 Ok"));
    }
    if (verb == "NOOP")
        return answer(line("250 2.0.0 Ok"));
    if (verb == "QUIT")
        return {line("221 2.0.0 Bye"), smtp_action::close};
    if (verb == "VRFY") {
        if (trim(argument).empty())
            return answer(line("501 5.5.4 Syntax: VRFY address"));
        return answer(line("252 2.0.0 Cannot VRFY user; try RCPT to attempt delivery"));
    }
    if (verb == "STARTTLS")
        return starttls(argument);
    if (verb == "AUTH")
        return answer(line("503 5.5.1 Error: authentication not enabled"));
    if (verb == "EXPN")
        return answer(line("502 5.5.1 Error: command not implemented"));
    return answer(line("502 5.5.2 Error: command not recognized"));
}

smtp_step smtp_protocol::ehlo(std::string_view argument, bool extended) {
    if (argument.empty())
        return answer(
            line(extended ? "501 5.5.4 Syntax: EHLO hostname" : "501 5.5.4 Syntax: HELO hostname"));
    helo_ = std::string(argument);
    greeted_ = true;
    end_transaction();
    if (!extended)
        return answer(line("250 " + policy_.hostname));
    std::string reply = line("250-" + policy_.hostname);
    reply += line("250-PIPELINING");
    reply += line("250-SIZE " + std::to_string(policy_.max_message_bytes));
    if (policy_.tls_available && !tls_active_)
        reply += line("250-STARTTLS");
    reply += line("250-ENHANCEDSTATUSCODES");
    reply += line("250-8BITMIME");
    reply += line("250 SMTPUTF8");
    return answer(std::move(reply));
}

smtp_step smtp_protocol::mail(std::string_view argument) {
    if (!greeted_)
        return answer(line("503 5.5.1 Error: send HELO/EHLO first"));
    if (in_transaction_)
        return answer(line("503 5.5.1 Error: nested MAIL command"));
    auto path = parse_path_argument(argument, "FROM");
    if (path.result == smtp_path_argument::status::syntax)
        return answer(line("501 5.5.4 Syntax: MAIL FROM:<address>"));
    if (path.result == smtp_path_argument::status::bad_address)
        return answer(line("501 5.1.7 Bad sender address syntax"));
    for (const auto& [keyword, value] : path.parameters) {
        if (keyword == "SIZE") {
            std::size_t size = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), size);
            if (value.empty() || ec == std::errc::invalid_argument ||
                end != value.data() + value.size())
                return answer(line("501 5.5.4 Bad message size syntax"));
            if (ec == std::errc::result_out_of_range || size > policy_.max_message_bytes)
                return answer(line("552 5.3.4 Message size exceeds fixed limit"));
        } else if (keyword == "BODY") {
            const auto body = upper(value);
            if (body != "7BIT" && body != "8BITMIME")
                return answer(line("501 5.5.4 Bad BODY parameter"));
        } else if (keyword == "SMTPUTF8") {
            if (!value.empty())
                return answer(line("501 5.5.4 Bad SMTPUTF8 parameter"));
        } else {
            return answer(line("555 5.5.4 Unsupported option: " + echo(keyword)));
        }
    }
    in_transaction_ = true;
    transaction_ = {};
    transaction_.mail_from = std::move(path.address);
    return answer(line("250 2.1.0 Ok"));
}

smtp_step smtp_protocol::rcpt(std::string_view argument) {
    if (!in_transaction_)
        return answer(line("503 5.5.1 Error: need MAIL command"));
    auto path = parse_path_argument(argument, "TO");
    if (path.result == smtp_path_argument::status::syntax)
        return answer(line("501 5.5.4 Syntax: RCPT TO:<address>"));
    if (path.result == smtp_path_argument::status::bad_address || path.address.empty())
        return answer(line("501 5.1.3 Bad recipient address syntax"));
    if (!path.parameters.empty())
        return answer(line("555 5.5.4 Unsupported option: " + echo(path.parameters[0].first)));
    auto& recipients = transaction_.recipients;
    const auto canonical = canonical_mailbox(path.address);
    const bool repeated = std::any_of(recipients.begin(), recipients.end(), [&](const auto& r) {
        return canonical_mailbox(r) == canonical;
    });
    if (repeated)
        return answer(line("250 2.1.5 Ok"));
    if (recipients.size() >= policy_.max_recipients)
        return answer(line("452 4.5.3 Error: too many recipients"));
    if (!policy_.accepts_recipient(path.address))
        return answer(line("550 5.1.1 <" + echo(path.address) +
                           ">: Recipient address rejected: User unknown in virtual mailbox "
                           "table"));
    recipients.push_back(std::move(path.address));
    return answer(line("250 2.1.5 Ok"));
}

smtp_step smtp_protocol::data(std::string_view argument) {
    if (!trim(argument).empty())
        return answer(line("501 5.5.4 Syntax: DATA"));
    if (!in_transaction_)
        return answer(line("503 5.5.1 Error: need RCPT command"));
    if (transaction_.recipients.empty())
        return answer(line("554 5.5.1 Error: no valid recipients"));
    return answer(line("354 End data with <CR><LF>.<CR><LF>"), smtp_action::read_data);
}

smtp_step smtp_protocol::starttls(std::string_view argument) {
    if (tls_active_)
        return answer(line("554 5.5.1 Error: TLS already active"));
    if (!policy_.tls_available)
        return answer(line("502 5.5.1 Error: command not implemented"));
    if (!trim(argument).empty())
        return answer(line("501 5.5.4 Syntax: STARTTLS"));
    if (in_transaction_)
        return answer(line("503 5.5.1 Error: MAIL transaction in progress"));
    return answer(line("220 2.0.0 Ready to start TLS"), smtp_action::start_tls);
}

}  // namespace tocsin::triggers
