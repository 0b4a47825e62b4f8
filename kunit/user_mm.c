// SPDX-License-Identifier: GPL-2.0
/*
 * A user address space for the test thread, so that shadows can be
 * tested in the kernel: KUnit gives the thread an mm of its own
 * (kunit_vm_mmap(), torn down with the thread); the pages are faulted
 * in by writing to them.
 */
#define HIGHPT_COMPAT_KUNIT
#include <kunit/test.h>
#include <linux/mman.h>
#include <linux/uaccess.h>

#include "../module/compat.h"
#include "user_mm.h"

/**
 * user_mm_pages() - @pages anonymous pages at USER_MM_ADDR, present
 * @test: the test case; skipped where KUnit has no user mm (6.1)
 * @pages: how many; a mapping made before at that address is replaced
 *
 * Each page holds its index in its first word.
 */
void user_mm_pages(struct kunit *test, unsigned int pages)
{
#if HIGHPT_KUNIT_HAVE_VM_MMAP
	unsigned long addr;
	unsigned int i;

	addr = kunit_vm_mmap(test, NULL, USER_MM_ADDR, pages * PAGE_SIZE,
			     PROT_READ | PROT_WRITE,
			     MAP_ANONYMOUS | MAP_PRIVATE | MAP_FIXED, 0);
	KUNIT_ASSERT_EQ(test, addr, USER_MM_ADDR);
	for (i = 0; i < pages; i++)
		KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)addr +
						   i * PAGE_SIZE, &i,
						   sizeof(i)), 0);
#else
	kunit_skip(test, "no user mm for a test thread before 6.12");
#endif
}
