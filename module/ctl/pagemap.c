// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/highpt/pagemap/<id>: a space as /proc/PID/pagemap
 * shows a process, so that tools which read pagemap read highpt's
 * spaces as they are, and a shadow can be compared with its process
 * word for word.
 */
#include <linux/bits.h>
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "ctl.h"

#define PAGEMAP_ENTRY_BYTES	sizeof(u64)
#define PAGEMAP_PFN_MASK	GENMASK_ULL(54, 0)
#define PAGEMAP_PRESENT		BIT_ULL(63)
#define PAGEMAP_SIZE		((HIGHPT_SPACE_SIZE >> PAGE_SHIFT) * \
				 PAGEMAP_ENTRY_BYTES)
/* Words read per walk: one page of them. */
#define PAGEMAP_BATCH		(PAGE_SIZE / PAGEMAP_ENTRY_BYTES)

struct pagemap_batch {
	u64 *words;
	u32 start;
};

static int pagemap_fill(u32 va, unsigned long pfn, unsigned int flags,
			void *arg)
{
	struct pagemap_batch *b = arg;

	b->words[(va - b->start) >> PAGE_SHIFT] =
		PAGEMAP_PRESENT | ((u64)pfn & PAGEMAP_PFN_MASK);
	return 0;
}

/**
 * pagemap_read() - the read method of /sys/kernel/debug/highpt/pagemap/<id>
 * @file: the open file; its private data is the space
 * @ubuf: where to copy
 * @count: bytes wanted, a multiple of 8
 * @ppos: the offset, a multiple of 8: the word for address va is at
 *	(va / PAGE_SIZE) * 8
 *
 * The file's format: read-only, root only, 8 MiB (one little-endian
 * 64-bit word per page of the 32-bit space), laid out as
 * Documentation/admin-guide/mm/pagemap.rst: bits 0-54 the frame number,
 * bit 63 set if the entry is present; every other bit is 0 (highpt
 * keeps no soft-dirty, exclusive, uffd, file or swap state). A space
 * destroyed while the file is open reads -EIO.
 *
 * Return: bytes copied, 0 at the end, -EINVAL for an offset or count
 * that is not a multiple of 8, -ENOMEM or -EFAULT.
 */
static ssize_t pagemap_read(struct file *file, char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	struct highpt_space *space = file->private_data;
	struct pagemap_batch b;
	ssize_t done = 0;
	int ret = 0;

	if (*ppos < 0 || *ppos % PAGEMAP_ENTRY_BYTES ||
	    count % PAGEMAP_ENTRY_BYTES)
		return -EINVAL;
	if (*ppos >= PAGEMAP_SIZE)
		return 0;
	count = min_t(u64, count, PAGEMAP_SIZE - *ppos);
	b.words = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!b.words)
		return -ENOMEM;
	while (done < count && !ret) {
		size_t n = min_t(size_t, (count - done) / PAGEMAP_ENTRY_BYTES,
				 PAGEMAP_BATCH);
		u64 page = (*ppos + done) / PAGEMAP_ENTRY_BYTES;

		b.start = page << PAGE_SHIFT;
		memset(b.words, 0, n * PAGEMAP_ENTRY_BYTES);
		ret = highpt_walk(space, b.start, (u64)n << PAGE_SHIFT,
				  pagemap_fill, &b);
		if (!ret && copy_to_user(ubuf + done, b.words,
					 n * PAGEMAP_ENTRY_BYTES))
			ret = -EFAULT;
		if (!ret)
			done += n * PAGEMAP_ENTRY_BYTES;
	}
	kfree(b.words);
	*ppos += done;
	return done ? done : ret;
}

static const struct file_operations pagemap_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = pagemap_read,
	.llseek = default_llseek,
};

/**
 * highpt_pagemap_add() - the pagemap file of a space
 * @dir: the pagemap directory (an error pointer without debugfs)
 * @space: the space
 * @id: its id, the file's name
 *
 * Return: the file, for highpt_pagemap_remove(); an error pointer when
 * debugfs fails, which that accepts too.
 */
struct dentry *highpt_pagemap_add(struct dentry *dir,
				  struct highpt_space *space, u32 id)
{
	struct dentry *file;
	char name[12];

	snprintf(name, sizeof(name), "%u", id);
	file = debugfs_create_file(name, 0400, dir, space, &pagemap_fops);
	/* What debugfs_create_file_size() does, which returns nothing. */
	if (!IS_ERR(file))
		i_size_write(d_inode(file), PAGEMAP_SIZE);
	return file;
}

/*
 * Gone when this returns: debugfs waits for reads in progress, and
 * later reads of a file still open fail.
 */
void highpt_pagemap_remove(struct dentry *file)
{
	debugfs_remove(file);
}
