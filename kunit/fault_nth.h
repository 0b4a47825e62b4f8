/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_KUNIT_FAULT_NTH_H
#define _HIGHPT_KUNIT_FAULT_NTH_H

#include <linux/types.h>

const char *fault_nth_missing(void);
void fault_nth_arm(unsigned int nth);
unsigned int fault_nth_disarm(void);

#endif /* _HIGHPT_KUNIT_FAULT_NTH_H */
