// SPDX-License-Identifier: GPL-2.0
/*
 * The ctl commands that drive the store from a shell, and the spaces
 * they create: map, fork, mremap, zap, destroy. Every argument is
 * checked before anything changes; a command that fails midway undoes
 * what it did, so a failed "map" leaves no space behind.
 */
#include <linux/err.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "ctl.h"
#include "params.h"
#include "store.h"

#define STORE_CTL_MAX_SPACES	1000
/* The shared object's frames: translations only, never allocated. */
#define STORE_OBJECT_PFN	0

static LIST_HEAD(store_spaces);
static unsigned int store_nr_spaces;
static DEFINE_MUTEX(store_ctl_lock);	/* guards the list and its spaces */

static struct highpt_space *store_find(const char *word, int *err)
{
	struct highpt_space *s;
	u32 id;

	*err = kstrtou32(word, 10, &id);
	if (*err)
		return NULL;
	list_for_each_entry(s, &store_spaces, node)
		if (s->id == id)
			return s;
	*err = -ENOENT;
	return NULL;
}

/* A page-aligned address or length within the 32-bit space. */
static int store_ctl_range(const char *word, u64 max, u64 *v)
{
	int ret = highpt_ctl_size(word, v);

	if (ret)
		return ret;
	if (*v & (PAGE_SIZE - 1))
		return -EINVAL;
	return *v > max ? -ERANGE : 0;
}

static int store_new_space(enum highpt_pt_format format,
			   struct highpt_space **out)
{
	struct highpt_space_config cfg;
	struct highpt_space *s;

	if (store_nr_spaces >= STORE_CTL_MAX_SPACES)
		return -ENOSPC;
	highpt_params_space_config(&cfg, format);
	s = highpt_space_create(&cfg);
	if (IS_ERR(s))
		return PTR_ERR(s);
	list_add_tail(&s->node, &store_spaces);
	store_nr_spaces++;
	*out = s;
	return 0;
}

static void store_drop_space(struct highpt_space *s)
{
	list_del(&s->node);
	store_nr_spaces--;
	highpt_space_destroy(s);
}

/* "map N SIZE [pae|legacy]": N spaces mapping one SIZE-byte object. */
int highpt_ctl_map(int argc, char **argv)
{
	enum highpt_pt_format format = HIGHPT_PT_PAE;
	struct highpt_space *s, *first = NULL, *tmp;
	u64 size;
	u32 n, i;
	int ret;

	ret = kstrtou32(argv[0], 10, &n);
	if (ret)
		return ret;
	if (!n || n > STORE_CTL_MAX_SPACES)
		return -ERANGE;
	ret = store_ctl_range(argv[1], HIGHPT_SPACE_SIZE, &size);
	if (ret || !size)
		return ret ? ret : -EINVAL;
	if (argc == 3) {
		int match = match_string(highpt_pt_format_names,
					 HIGHPT_PT_COUNT, argv[2]);

		if (match < 0)
			return -EINVAL;
		format = match;
	}
	mutex_lock(&store_ctl_lock);
	if (store_nr_spaces + n > STORE_CTL_MAX_SPACES) {
		ret = -ENOSPC;
		goto out;
	}
	for (i = 0; i < n && !ret; i++) {
		ret = store_new_space(format, &s);
		if (!ret) {
			first = first ? first : s;
			ret = highpt_populate(s, 0, size, STORE_OBJECT_PFN,
					      HIGHPT_PTE_PRESENT |
					      HIGHPT_PTE_USER |
					      HIGHPT_PTE_ACCESSED);
		}
	}
	/* All or nothing: on failure, drop the spaces this command made. */
	if (ret && first) {
		list_for_each_entry_safe_from(first, tmp, &store_spaces, node)
			store_drop_space(first);
	}
out:
	mutex_unlock(&store_ctl_lock);
	return ret;
}

/* "fork ID": a new space with a copy of ID's whole page table. */
int highpt_ctl_fork(int argc, char **argv)
{
	struct highpt_space *parent, *child;
	int ret;

	mutex_lock(&store_ctl_lock);
	parent = store_find(argv[0], &ret);
	if (parent)
		ret = store_new_space(parent->cfg.format, &child);
	if (!ret) {
		ret = highpt_copy_range(child, parent, 0, HIGHPT_SPACE_SIZE);
		if (ret)
			store_drop_space(child);
	}
	mutex_unlock(&store_ctl_lock);
	return ret;
}

/* "mremap ID OLD NEW LEN" */
int highpt_ctl_mremap(int argc, char **argv)
{
	struct highpt_space *s;
	u64 old, new, len;
	int ret;

	ret = store_ctl_range(argv[1], HIGHPT_SPACE_SIZE - PAGE_SIZE, &old);
	if (!ret)
		ret = store_ctl_range(argv[2], HIGHPT_SPACE_SIZE - PAGE_SIZE,
				      &new);
	if (!ret)
		ret = store_ctl_range(argv[3], HIGHPT_SPACE_SIZE, &len);
	if (ret)
		return ret;
	mutex_lock(&store_ctl_lock);
	s = store_find(argv[0], &ret);
	if (s)
		ret = highpt_move_range(s, old, new, len);
	mutex_unlock(&store_ctl_lock);
	return ret;
}

/* "zap ID START LEN" */
int highpt_ctl_zap(int argc, char **argv)
{
	struct highpt_space *s;
	u64 start, len;
	int ret;

	ret = store_ctl_range(argv[1], HIGHPT_SPACE_SIZE - PAGE_SIZE, &start);
	if (!ret)
		ret = store_ctl_range(argv[2], HIGHPT_SPACE_SIZE, &len);
	if (ret)
		return ret;
	mutex_lock(&store_ctl_lock);
	s = store_find(argv[0], &ret);
	if (s)
		ret = highpt_zap_range(s, start, len);
	mutex_unlock(&store_ctl_lock);
	return ret;
}

/* "destroy ID|all" */
int highpt_ctl_destroy(int argc, char **argv)
{
	struct highpt_space *s, *tmp;
	int ret = 0;

	mutex_lock(&store_ctl_lock);
	if (!strcmp(argv[0], "all")) {
		list_for_each_entry_safe(s, tmp, &store_spaces, node)
			store_drop_space(s);
	} else {
		s = store_find(argv[0], &ret);
		if (s)
			store_drop_space(s);
	}
	mutex_unlock(&store_ctl_lock);
	return ret;
}

/**
 * highpt_store_print_spaces() - print the text of the spaces file
 * @m: where to print
 *
 * The format of /sys/kernel/debug/highpt/spaces: a header line starting
 * with '#', then one line per space made by ctl commands: "<id> <format>
 * <pte placement: highmem|lowmem> <access> <pte pages> <of those in
 * highmem> <directory pages> <entries present>".
 *
 * Return: 0.
 */
int highpt_store_print_spaces(struct seq_file *m)
{
	struct highpt_space_info info;
	struct highpt_space *s;

	seq_puts(m, "# id format pte_placement access pte_pages pte_pages_highmem dir_pages present\n");
	mutex_lock(&store_ctl_lock);
	list_for_each_entry(s, &store_spaces, node) {
		highpt_space_info(s, &info);
		seq_printf(m, "%u %s %s %s %lu %lu %lu %lu\n", info.id,
			   highpt_pt_format_names[s->cfg.format],
			   s->cfg.pte_highmem ? "highmem" : "lowmem",
			   highpt_pte_access_names[s->cfg.access],
			   info.pte_pages, info.pte_pages_highmem,
			   info.dir_pages, info.present);
	}
	mutex_unlock(&store_ctl_lock);
	return 0;
}
EXPORT_SYMBOL_GPL(highpt_store_print_spaces);

void highpt_store_ctl_exit(void)
{
	char all[] = "all", *argv[] = { all };

	highpt_ctl_destroy(1, argv);
}
