// Reading DATA: the end marker, dot-unstuffing, line ends, the size limit, pipelining.

#include <gtest/gtest.h>

#include "triggers/email/smtp_data.hpp"

namespace tocsin::test {
namespace {

using triggers::smtp_data_reader;

// Feeds `stream` in pieces of `step` bytes; returns the message and what was left over.
std::pair<std::string, std::string> read_all(std::string_view stream, std::size_t step,
                                             std::size_t limit = 1 << 20) {
    smtp_data_reader reader(limit);
    std::size_t at = 0;
    while (at < stream.size() && !reader.finished()) {
        const auto chunk = stream.substr(at, step);
        at += reader.feed(chunk);
    }
    EXPECT_TRUE(reader.finished()) << "no end of data in: " << stream;
    return {reader.take(), std::string(stream.substr(at))};
}

TEST(SmtpData, EndsAtCrlfDotCrlfInAnyChunking) {
    const std::string stream = "Subject: x\r\n\r\nline\r\n.\r\nQUIT\r\n";
    for (std::size_t step : {1u, 2u, 3u, 7u, 1000u}) {
        const auto [message, rest] = read_all(stream, step);
        EXPECT_EQ(message, "Subject: x\r\n\r\nline\r\n") << step;
        EXPECT_EQ(rest, "QUIT\r\n") << step;
    }
}

TEST(SmtpData, EmptyMessage) {
    const auto [message, rest] = read_all(".\r\n", 1);
    EXPECT_EQ(message, "");
    EXPECT_EQ(rest, "");
}

TEST(SmtpData, DotUnstuffing) {
    const auto [message, rest] = read_all("..leading dot\r\n...\r\n. x\r\n.\r\n", 5);
    EXPECT_EQ(message, ".leading dot\r\n..\r\n x\r\n");
}

TEST(SmtpData, BareLineFeedsAreNormalisedButCannotEndTheMessage) {
    // The SMTP smuggling sequences: <LF>.<LF>, <LF>.<CRLF>, <CR>.<CRLF> are content.
    const auto [message, rest] = read_all("a\n.\nb\n.\r\nc\r.\r\nd\r\n.\r\nNOOP\r\n", 1);
    EXPECT_EQ(message, "a\r\n.\r\nb\r\n.\r\nc\r.\r\nd\r\n");
    EXPECT_EQ(rest, "NOOP\r\n");
}

TEST(SmtpData, BareCarriageReturnsAreContent) {
    const auto [message, rest] = read_all("a\rb\r\r\n.\r\n", 1);
    EXPECT_EQ(message, "a\rb\r\r\n");
}

TEST(SmtpData, LongLinesAreKept) {
    const std::string line(100000, 'x');
    const auto [message, rest] = read_all(line + "\r\n.\r\n", 4096);
    EXPECT_EQ(message, line + "\r\n");
}

TEST(SmtpData, OverTheLimitTheMessageIsDroppedButReadToTheEnd) {
    smtp_data_reader reader(10);
    const std::string stream = "0123456789abcdef\r\n.\r\nRSET\r\n";
    const auto used = reader.feed(stream);
    EXPECT_TRUE(reader.finished());
    EXPECT_TRUE(reader.too_big());
    EXPECT_EQ(reader.size(), 18u);
    EXPECT_EQ(reader.take(), "");
    EXPECT_EQ(stream.substr(used), "RSET\r\n");

    smtp_data_reader exact(12);
    exact.feed("0123456789\r\n.\r\n");
    EXPECT_FALSE(exact.too_big());
    EXPECT_EQ(exact.take(), "0123456789\r\n");
}

}  // namespace
}  // namespace tocsin::test
