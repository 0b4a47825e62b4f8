// SPDX-License-Identifier: GPL-2.0
/* The one place highpt's trace events are defined (see events.h). */
#define CREATE_TRACE_POINTS
#include "events.h"
