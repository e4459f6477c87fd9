#pragma once

#include <string>

#include "engine/core/time.hpp"
#include "engine/model/principal.hpp"

namespace tocsin::model {

inline constexpr std::size_t max_comment_length = 30000;

struct comment {
    std::string name;  // GUID
    std::string incident_name;
    std::string message;
    principal author;
    std::string author_email;  // Sentinel ClientInfo fields, when known
    time_point created{};
    time_point last_modified{};
    std::string etag;
};

}  // namespace tocsin::model
