// The monitoring module's public contract, the only header of modules/monitoring/ that others
// include (the device simulator, later modules): the vocabulary of device kinds, event kinds,
// alert levels and outcomes, and the per-elder thresholds the rules read.
#pragma once

#include "modules/monitoring/thresholds.hpp"
#include "modules/monitoring/types.hpp"
