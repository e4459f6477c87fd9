#pragma once
// An error the ARM routes answer with a specific status and ARM error code, where the code is
// not the one error_mapping derives from the status (MissingApiVersionParameter,
// NoRegisteredProviderFound, …). Thrown inside ARM handlers and turned into the response by the
// wrapper in arm_route.hpp; everything else goes through http/error_mapping.

#include <string>

#include "engine/error.hpp"
#include "engine/http/response.hpp"

namespace tocsin::api {

class arm_error : public tocsin::error {
  public:
    arm_error(int status, std::string arm_code, std::string message, std::string field = {})
        : tocsin::error(errc::invalid_argument, std::move(message), std::move(field)),
          status_(status),
          arm_code_(std::move(arm_code)) {}

    int status() const noexcept { return status_; }
    const std::string& arm_code() const noexcept { return arm_code_; }

    http::response to_response() const {
        return http::response::error(status_, arm_code_, what(), field());
    }

  private:
    int status_;
    std::string arm_code_;
};

}  // namespace tocsin::api
