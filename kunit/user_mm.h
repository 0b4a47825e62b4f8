/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_KUNIT_USER_MM_H
#define _HIGHPT_KUNIT_USER_MM_H

struct kunit;

/* Where the test thread's user pages go: below 4 GiB, as a space covers. */
#define USER_MM_ADDR	0x10000000UL

void user_mm_pages(struct kunit *test, unsigned int pages);

#endif /* _HIGHPT_KUNIT_USER_MM_H */
