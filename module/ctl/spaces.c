// SPDX-License-Identifier: GPL-2.0
/*
 * The spaces that ctl commands make, the commands that drive them (map,
 * fork, mremap, zap, destroy) and the text of the spaces file. Every
 * argument is checked before anything changes; a command that fails
 * midway undoes what it did, so a failed "map" leaves no space behind.
 *
 * "map" may ask for gigabytes: it is refused at once when it plainly
 * cannot fit, its spaces are built outside spaces_lock (so the spaces
 * file answers meanwhile) and a fatal signal ends it.
 */
#include <linux/err.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ctl.h"

#define SPACES_MAX		1000
/* The shared object's frames: translations only, never allocated. */
#define SPACES_OBJECT_PFN	0
/* The highest page-aligned address of a space. */
#define SPACES_LAST_PAGE	(HIGHPT_SPACE_SIZE - PAGE_SIZE)

/*
 * A space made by a command, as the registry knows it: the store's
 * space stays the store's, the list and what the spaces file shows are
 * the registry's.
 */
struct ctl_space {
	struct highpt_space *space;
	struct highpt_space_config cfg;
	u32 id;
	struct list_head node;
};

static LIST_HEAD(spaces_list);
static unsigned int spaces_count;
/* Spaces that "map" commands are building, counted against SPACES_MAX. */
static unsigned int spaces_pending;
static DEFINE_MUTEX(spaces_lock);	/* guards the above and the spaces */

static struct ctl_space *
ctl_space_create(const struct highpt_space_config *cfg)
{
	struct highpt_space_info info;
	struct ctl_space *cs;

	cs = kzalloc(sizeof(*cs), GFP_KERNEL);
	if (!cs)
		return ERR_PTR(-ENOMEM);
	cs->space = highpt_space_create(cfg);
	if (IS_ERR(cs->space)) {
		int ret = PTR_ERR(cs->space);

		kfree(cs);
		return ERR_PTR(ret);
	}
	highpt_space_info(cs->space, &info);
	cs->id = info.id;
	cs->cfg = *cfg;
	return cs;
}

static void ctl_space_destroy(struct ctl_space *cs)
{
	highpt_space_destroy(cs->space);
	kfree(cs);
}

static struct ctl_space *spaces_find(const char *word, int *err)
{
	struct ctl_space *s;
	u32 id;

	lockdep_assert_held(&spaces_lock);
	*err = highpt_ctl_u32(word, 0, U32_MAX, &id);
	if (*err)
		return NULL;
	list_for_each_entry(s, &spaces_list, node)
		if (s->id == id)
			return s;
	*err = -ENOENT;
	return NULL;
}

static int spaces_new(const struct highpt_space_config *cfg,
		      struct ctl_space **out)
{
	struct ctl_space *s;

	lockdep_assert_held(&spaces_lock);
	if (spaces_count + spaces_pending >= SPACES_MAX)
		return -ENOSPC;
	s = ctl_space_create(cfg);
	if (IS_ERR(s))
		return PTR_ERR(s);
	list_add_tail(&s->node, &spaces_list);
	spaces_count++;
	*out = s;
	return 0;
}

static void spaces_drop(struct ctl_space *s)
{
	lockdep_assert_held(&spaces_lock);
	list_del(&s->node);
	spaces_count--;
	ctl_space_destroy(s);
}

/*
 * Whether @n spaces of @size bytes plainly cannot fit: more pages than
 * three quarters of what the allocator could give without swapping, or
 * of free lowmem when PTE pages go there. Directory pages are lowmem in
 * both cases but a small part.
 */
static bool spaces_too_big(const struct highpt_space_config *cfg, u32 n,
			   u64 size)
{
	u64 need = (u64)n * highpt_space_pages(cfg->format, size);
	unsigned long avail = si_mem_available();
	struct sysinfo si;

	if (!cfg->pte_highmem) {
		si_meminfo(&si);
		/* Read apart, the two can cross when lowmem is nearly gone. */
		avail = min(avail, si.freeram > si.freehigh ?
				   si.freeram - si.freehigh : 0);
	}
	return need > avail - avail / 4;
}

/* Build @n spaces mapping the object, on @made; stop at a fatal signal. */
static int spaces_build(const struct highpt_space_config *cfg, u32 n,
			u64 size, struct list_head *made)
{
	struct ctl_space *s;
	u32 i;
	int ret;

	for (i = 0; i < n; i++) {
		if (fatal_signal_pending(current))
			return -EINTR;
		s = ctl_space_create(cfg);
		if (IS_ERR(s))
			return PTR_ERR(s);
		list_add_tail(&s->node, made);
		ret = highpt_populate(s->space, 0, size, SPACES_OBJECT_PFN,
				      HIGHPT_PTE_PRESENT | HIGHPT_PTE_USER |
				      HIGHPT_PTE_ACCESSED);
		if (ret)
			return ret;
	}
	return 0;
}

/* "map N SIZE [pae|legacy]": N spaces mapping one SIZE-byte object. */
int highpt_ctl_map(struct highpt_pool *pool, int argc, char **argv)
{
	enum highpt_pt_format format = HIGHPT_PT_PAE;
	struct highpt_space_config cfg;
	struct ctl_space *s, *tmp;
	LIST_HEAD(made);
	u64 size;
	u32 n;
	int ret;

	ret = highpt_ctl_u32(argv[0], 1, SPACES_MAX, &n);
	if (ret)
		return ret;
	ret = highpt_ctl_range(argv[1], HIGHPT_SPACE_SIZE, &size);
	if (ret || !size)
		return ret ? ret : -EINVAL;
	if (argc == 3) {
		int match = match_string(highpt_pt_format_names,
					 HIGHPT_PT_COUNT, argv[2]);

		if (match < 0)
			return -EINVAL;
		format = match;
	}
	highpt_params_space_config(&cfg, format, pool);
	if (spaces_too_big(&cfg, n, size))
		return -ENOMEM;
	if (mutex_lock_killable(&spaces_lock))
		return -EINTR;
	ret = spaces_count + spaces_pending + n > SPACES_MAX ? -ENOSPC : 0;
	if (!ret)
		spaces_pending += n;
	mutex_unlock(&spaces_lock);
	if (ret)
		return ret;

	ret = spaces_build(&cfg, n, size, &made);

	/* All or nothing: the spaces are listed only if every one was made. */
	mutex_lock(&spaces_lock);
	spaces_pending -= n;
	if (!ret) {
		list_splice_tail(&made, &spaces_list);
		spaces_count += n;
	}
	mutex_unlock(&spaces_lock);
	if (ret) {
		list_for_each_entry_safe(s, tmp, &made, node) {
			ctl_space_destroy(s);
			cond_resched();
		}
	}
	return ret;
}

/*
 * "fork ID": a new space with a copy of ID's whole page table, built
 * like its parent: pte_highmem and pte_access may have changed since,
 * and a copy needs both spaces alike.
 */
int highpt_ctl_fork(struct highpt_pool *pool, int argc, char **argv)
{
	struct ctl_space *parent, *child;
	int ret;

	if (mutex_lock_killable(&spaces_lock))
		return -EINTR;
	parent = spaces_find(argv[0], &ret);
	if (parent)
		ret = spaces_new(&parent->cfg, &child);
	if (!ret) {
		ret = highpt_copy_range(child->space, parent->space, 0,
					HIGHPT_SPACE_SIZE);
		if (ret)
			spaces_drop(child);
	}
	mutex_unlock(&spaces_lock);
	return ret;
}

typedef int (*spaces_range_op)(struct highpt_space *s, const u64 *v);

/*
 * "<command> ID WORD...": the @n words after ID are page-aligned
 * numbers, each at most its @max; all are checked before @op runs on
 * space ID.
 */
static int spaces_range_command(char **argv, const u64 *max, int n,
				spaces_range_op op)
{
	struct ctl_space *s;
	u64 v[3];
	int i, ret = 0;

	if (WARN_ON_ONCE(n > ARRAY_SIZE(v)))
		return -EINVAL;
	for (i = 0; i < n && !ret; i++)
		ret = highpt_ctl_range(argv[1 + i], max[i], &v[i]);
	if (ret)
		return ret;
	if (mutex_lock_killable(&spaces_lock))
		return -EINTR;
	s = spaces_find(argv[0], &ret);
	if (s)
		ret = op(s->space, v);
	mutex_unlock(&spaces_lock);
	return ret;
}

static int spaces_move(struct highpt_space *s, const u64 *v)
{
	return highpt_move_range(s, v[0], v[1], v[2]);
}

/* "mremap ID OLD NEW LEN" */
int highpt_ctl_mremap(struct highpt_pool *pool, int argc, char **argv)
{
	static const u64 max[] = {
		SPACES_LAST_PAGE, SPACES_LAST_PAGE, HIGHPT_SPACE_SIZE
	};

	return spaces_range_command(argv, max, ARRAY_SIZE(max), spaces_move);
}

static int spaces_zap(struct highpt_space *s, const u64 *v)
{
	return highpt_zap_range(s, v[0], v[1]);
}

/* "zap ID START LEN" */
int highpt_ctl_zap(struct highpt_pool *pool, int argc, char **argv)
{
	static const u64 max[] = { SPACES_LAST_PAGE, HIGHPT_SPACE_SIZE };

	return spaces_range_command(argv, max, ARRAY_SIZE(max), spaces_zap);
}

static void spaces_drop_all(void)
{
	struct ctl_space *s, *tmp;

	lockdep_assert_held(&spaces_lock);
	list_for_each_entry_safe(s, tmp, &spaces_list, node) {
		spaces_drop(s);
		cond_resched();
	}
}

/* "destroy ID|all" */
int highpt_ctl_destroy(struct highpt_pool *pool, int argc, char **argv)
{
	struct ctl_space *s;
	int ret = 0;

	if (mutex_lock_killable(&spaces_lock))
		return -EINTR;
	if (!strcmp(argv[0], "all")) {
		spaces_drop_all();
	} else {
		s = spaces_find(argv[0], &ret);
		if (s)
			spaces_drop(s);
	}
	mutex_unlock(&spaces_lock);
	return ret;
}

/* At unload, once no command can run: nothing may be left behind. */
void highpt_spaces_destroy_all(void)
{
	mutex_lock(&spaces_lock);
	spaces_drop_all();
	mutex_unlock(&spaces_lock);
}

/**
 * highpt_spaces_print() - print the text of the spaces file
 * @m: where to print
 *
 * The format of /sys/kernel/debug/highpt/spaces: a header line starting
 * with '#', then one line per space made by ctl commands: "<id> <format>
 * <pte placement: highmem|lowmem> <access> <pte pages> <of those in
 * highmem> <directory pages> <entries present>".
 *
 * Only short commands hold the list meanwhile; "map" adds its spaces
 * when it is done.
 *
 * Return: 0, or -EINTR on a fatal signal.
 */
int highpt_spaces_print(struct seq_file *m)
{
	struct highpt_space_info info;
	struct ctl_space *s;

	seq_puts(m, "# id format pte_placement access pte_pages pte_pages_highmem dir_pages present\n");
	if (mutex_lock_killable(&spaces_lock))
		return -EINTR;
	list_for_each_entry(s, &spaces_list, node) {
		highpt_space_info(s->space, &info);
		seq_printf(m, "%u %s %s %s %lu %lu %lu %lu\n", info.id,
			   highpt_pt_format_names[s->cfg.format],
			   s->cfg.pte_highmem ? "highmem" : "lowmem",
			   highpt_pte_access_names[s->cfg.access],
			   info.pte_pages, info.pte_pages_highmem,
			   info.dir_pages, info.present);
	}
	mutex_unlock(&spaces_lock);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(highpt_spaces_print, HIGHPT_INTERNAL_NS);
