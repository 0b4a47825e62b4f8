// SPDX-License-Identifier: GPL-2.0
/*
 * A debugfs file's text, printed by its own print function: a kernel
 * thread cannot kernel_read() a debugfs seq_file, which has no
 * read_iter, so the tests print into a buffer of their own.
 */
#include <kunit/test.h>
#include <linux/seq_file.h>

#include "seq_text.h"

/* The text @print makes, NUL-terminated, in a kunit-managed buffer. */
char *seq_text(struct kunit *test, size_t size,
	       void (*print)(struct seq_file *m))
{
	struct seq_file m = { .size = size };

	m.buf = kunit_kzalloc(test, m.size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m.buf);
	print(&m);
	KUNIT_ASSERT_FALSE_MSG(test, seq_has_overflowed(&m),
			       "text is over %zu bytes", size);
	KUNIT_ASSERT_LT(test, m.count, m.size);
	m.buf[m.count] = '\0';
	return m.buf;
}
