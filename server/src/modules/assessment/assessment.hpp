// The assessment module's public contract (能力评估): other modules (risk levels, visits,
// subsidies) read an elder's ability grade through this header only.
#pragma once

#include "modules/assessment/ability.hpp"
