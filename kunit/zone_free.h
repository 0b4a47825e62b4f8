/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_KUNIT_ZONE_FREE_H
#define _HIGHPT_KUNIT_ZONE_FREE_H

struct zone;

unsigned long zone_free(struct zone *zone);
unsigned long zones_free(void);

#endif /* _HIGHPT_KUNIT_ZONE_FREE_H */
