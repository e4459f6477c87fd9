#include "tests/plugins/smtp_sink.hpp"

#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

namespace tocsin::test {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

std::string base64_decode(const std::string& text) {
    static const std::string alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned bits = 0;
    int count = 0;
    for (const char c : text) {
        const auto pos = alphabet.find(c);
        if (pos == std::string::npos)
            continue;
        bits = (bits << 6) | static_cast<unsigned>(pos);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out.push_back(static_cast<char>((bits >> count) & 0xFF));
        }
    }
    return out;
}

smtp_sink::smtp_sink(options opts)
    : opts_(std::move(opts)),
      acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { serve(); });
}

smtp_sink::~smtp_sink() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    boost::system::error_code ec;
    tcp::socket poke(io_);
    poke.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ec);
    thread_.join();
}

std::vector<smtp_session_record> smtp_sink::sessions() const {
    std::lock_guard lock(mutex_);
    return sessions_;
}

void smtp_sink::serve() {
    for (;;) {
        tcp::socket socket(io_);
        boost::system::error_code ec;
        acceptor_.accept(socket, ec);
        {
            std::lock_guard lock(mutex_);
            if (stopping_)
                return;
        }
        if (!ec)
            serve_one(std::move(socket));
    }
}

void smtp_sink::serve_one(tcp::socket socket) {
    smtp_session_record rec;
    asio::streambuf in;
    boost::system::error_code ec;
    auto send = [&](const std::string& text) { asio::write(socket, asio::buffer(text), ec); };
    auto read_line = [&](std::string& line) {
        asio::read_until(socket, in, "\r\n", ec);
        if (ec)
            return false;
        std::istream is(&in);
        std::getline(is, line);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        return true;
    };
    auto upper_prefix = [](const std::string& line, std::size_t n) {
        std::string p = line.substr(0, n);
        for (auto& c : p)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return p;
    };
    send("220 sink.test ESMTP ready\r\n");
    std::string line;
    while (!ec && read_line(line)) {
        rec.commands.push_back(line);
        const auto verb = upper_prefix(line, 4);
        if (verb == "EHLO") {
            std::string reply = "250-sink.test greets you\r\n";
            if (!opts_.extensions.empty())
                reply += "250-" + opts_.extensions + "\r\n";
            send(reply + "250 8BITMIME\r\n");
        } else if (upper_prefix(line, 10) == "AUTH PLAIN") {
            const auto decoded = base64_decode(line.substr(11));
            const auto first = decoded.find('\0');
            const auto second = decoded.find('\0', first + 1);
            rec.auth_mechanism = "PLAIN";
            rec.auth_user = decoded.substr(first + 1, second - first - 1);
            rec.auth_password = decoded.substr(second + 1);
            const bool ok = rec.auth_user == opts_.user && rec.auth_password == opts_.password;
            send(ok ? "235 2.7.0 Authentication successful\r\n"
                    : "535 5.7.8 Authentication credentials invalid\r\n");
        } else if (upper_prefix(line, 10) == "AUTH LOGIN") {
            rec.auth_mechanism = "LOGIN";
            std::string user, pass;
            send("334 VXNlcm5hbWU6\r\n");
            read_line(user);
            send("334 UGFzc3dvcmQ6\r\n");
            read_line(pass);
            rec.auth_user = base64_decode(user);
            rec.auth_password = base64_decode(pass);
            const bool ok = rec.auth_user == opts_.user && rec.auth_password == opts_.password;
            send(ok ? "235 2.7.0 Authentication successful\r\n"
                    : "535 5.7.8 Authentication credentials invalid\r\n");
        } else if (upper_prefix(line, 10) == "MAIL FROM:") {
            rec.mail_from = line.substr(10);
            send("250 2.1.0 Ok\r\n");
        } else if (upper_prefix(line, 8) == "RCPT TO:") {
            rec.recipients.push_back(line.substr(8));
            send("250 2.1.5 Ok\r\n");
        } else if (verb == "DATA") {
            send("354 End data with <CR><LF>.<CR><LF>\r\n");
            std::string data_line;
            while (read_line(data_line) && data_line != ".")
                rec.data += data_line + "\r\n";
            send("250 2.0.0 Ok: queued as SINK1\r\n");
        } else if (verb == "QUIT") {
            send("221 2.0.0 Bye\r\n");
            break;
        } else if (verb == "RSET" || verb == "NOOP") {
            send("250 2.0.0 Ok\r\n");
        } else {
            send("502 5.5.2 Command not recognized\r\n");
        }
    }
    std::lock_guard lock(mutex_);
    sessions_.push_back(std::move(rec));
}

}  // namespace tocsin::test
