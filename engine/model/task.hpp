#pragma once

#include <string>

#include "engine/core/time.hpp"
#include "engine/model/enums.hpp"
#include "engine/model/principal.hpp"

namespace tocsin::model {

struct task {
    std::string name;  // GUID
    std::string incident_name;
    std::string title;
    std::string description;
    task_status status = task_status::new_;
    principal created_by;
    principal last_modified_by;
    time_point created{};
    time_point last_modified{};
    std::string etag;
};

}  // namespace tocsin::model
