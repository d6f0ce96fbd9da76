// The registry module's public contract, the only header of modules/registry/ that other
// modules include: the elder record and reading it within a caller's data scope.
#pragma once

#include "modules/registry/elders.hpp"
#include "modules/registry/pii_rows.hpp"
