// Monitoring's names for the toolkit's live feed (api/live_feed.hpp).
#pragma once

#include "api/live_feed.hpp"

namespace ec::monitoring {

using api::audience;
using api::live_feed;

}  // namespace ec::monitoring
