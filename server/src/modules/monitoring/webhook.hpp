// Monitoring's names for the toolkit's outbound HTTP seam (api/http_poster.hpp).
#pragma once

#include "api/http_poster.hpp"

namespace ec::monitoring {

using api::http_poster;
using api::post_result;

}  // namespace ec::monitoring
