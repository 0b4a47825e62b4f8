/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_KUNIT_SEQ_TEXT_H
#define _HIGHPT_KUNIT_SEQ_TEXT_H

#include <linux/types.h>

struct kunit;
struct seq_file;

char *seq_text(struct kunit *test, size_t size,
	       void (*print)(struct seq_file *m));

#endif /* _HIGHPT_KUNIT_SEQ_TEXT_H */
