// The system module's public contract, the only header of modules/system/ that other modules
// (and the toolkit's request pipeline) include: who is calling (principal, with its data
// scope), the append-only audit log, and authentication of sessions.
#pragma once

#include "modules/system/audit.hpp"
#include "modules/system/auth.hpp"
#include "modules/system/principal.hpp"
