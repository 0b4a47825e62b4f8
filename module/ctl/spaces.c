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
#include <linux/pid.h>
#include <linux/threads.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
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
 * space stays the store's (or the shadow's, for a shadow), the list,
 * the pagemap file and what the spaces file shows are the registry's.
 */
struct ctl_space {
	struct highpt_space *space;
	struct highpt_shadow *shadow;
	struct highpt_space_config cfg;
	u32 id;
	struct dentry *pagemap;
	struct list_head node;
};

static LIST_HEAD(spaces_list);
/* Where each listed space gets its pagemap file; set at load. */
static struct dentry *spaces_pagemap_dir;
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
	highpt_pagemap_remove(cs->pagemap);
	if (cs->shadow)
		highpt_shadow_destroy(cs->shadow);
	else
		highpt_space_destroy(cs->space);
	kfree(cs);
}

/* A space is listed: it gets its pagemap file. */
static void spaces_list_add(struct ctl_space *s)
{
	lockdep_assert_held(&spaces_lock);
	s->pagemap = highpt_pagemap_add(spaces_pagemap_dir, s->space, s->id);
	list_add_tail(&s->node, &spaces_list);
	spaces_count++;
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
	spaces_list_add(s);
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
		list_for_each_entry_safe(s, tmp, &made, node) {
			list_del(&s->node);
			spaces_list_add(s);
		}
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

typedef int (*spaces_range_op)(struct ctl_space *cs, const u64 *v);

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
		ret = op(s, v);
	mutex_unlock(&spaces_lock);
	return ret;
}

/*
 * A shadow's entries are its process's: moved, they would sit where the
 * process has nothing, and no invalidation would ever clear them.
 */
static int spaces_move(struct ctl_space *cs, const u64 *v)
{
	if (cs->shadow) {
		pr_info("ctl: space %u is a shadow: mremap its process instead\n",
			cs->id);
		return -EBUSY;
	}
	return highpt_move_range(cs->space, v[0], v[1], v[2]);
}

/* "mremap ID OLD NEW LEN" */
int highpt_ctl_mremap(struct highpt_pool *pool, int argc, char **argv)
{
	static const u64 max[] = {
		SPACES_LAST_PAGE, SPACES_LAST_PAGE, HIGHPT_SPACE_SIZE
	};

	return spaces_range_command(argv, max, ARRAY_SIZE(max), spaces_move);
}

/* Zapping a shadow keeps it a subset of its process: allowed. */
static int spaces_zap(struct ctl_space *cs, const u64 *v)
{
	return highpt_zap_range(cs->space, v[0], v[1]);
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

/**
 * highpt_ctl_init() - where the spaces' pagemap files go
 * @pagemap_dir: the directory (an error pointer without debugfs)
 */
void highpt_ctl_init(struct dentry *pagemap_dir)
{
	spaces_pagemap_dir = pagemap_dir;
}

/*
 * At unload, once no command can run and the debugfs directory, with
 * every pagemap file in it, is gone: nothing may be left behind.
 */
void highpt_spaces_destroy_all(void)
{
	struct ctl_space *s;

	mutex_lock(&spaces_lock);
	list_for_each_entry(s, &spaces_list, node)
		s->pagemap = NULL;
	spaces_drop_all();
	mutex_unlock(&spaces_lock);
}

/* Whether a live shadow of @nr's process is listed. */
static bool spaces_shadowed(pid_t nr)
{
	struct pid *pid = find_get_pid(nr), *tgid = NULL;
	struct task_struct *task;
	struct ctl_space *s;
	bool found = false;

	lockdep_assert_held(&spaces_lock);
	task = pid ? get_pid_task(pid, PIDTYPE_PID) : NULL;
	put_pid(pid);
	if (task) {
		tgid = get_task_pid(task, PIDTYPE_TGID);
		put_task_struct(task);
	}
	list_for_each_entry(s, &spaces_list, node)
		found |= tgid && s->shadow && highpt_shadow_pid(s->shadow) == tgid &&
			 !highpt_shadow_exited(s->shadow);
	put_pid(tgid);
	return found;
}

static int spaces_shadow(const struct highpt_space_config *cfg, pid_t nr,
			 u64 start, u64 len)
{
	struct highpt_space_info info;
	struct highpt_shadow *sh;
	struct ctl_space *cs;
	struct pid *pid;

	lockdep_assert_held(&spaces_lock);
	if (spaces_count + spaces_pending >= SPACES_MAX)
		return -ENOSPC;
	if (spaces_shadowed(nr))
		return -EEXIST;
	cs = kzalloc(sizeof(*cs), GFP_KERNEL);
	if (!cs)
		return -ENOMEM;
	pid = find_get_pid(nr);
	sh = highpt_shadow_create_pid(pid, cfg, start, len);
	put_pid(pid);
	if (IS_ERR(sh)) {
		kfree(cs);
		return PTR_ERR(sh);
	}
	cs->shadow = sh;
	cs->space = highpt_shadow_space(sh);
	highpt_space_info(cs->space, &info);
	cs->cfg = *cfg;
	cs->id = info.id;
	spaces_list_add(cs);
	return 0;
}

/*
 * "shadow PID [pae|legacy [START LEN]]": a new space mirroring process
 * PID's user page table over [START, START + LEN), by default the whole
 * 32-bit space (cut to the task size).
 */
int highpt_ctl_shadow(struct highpt_pool *pool, int argc, char **argv)
{
	enum highpt_pt_format format = HIGHPT_PT_PAE;
	struct highpt_space_config cfg;
	u64 start = 0, len = HIGHPT_SPACE_SIZE;
	u32 nr;
	int ret;

	if (argc == 3)
		return -EINVAL;
	ret = highpt_ctl_u32(argv[0], 1, PID_MAX_LIMIT, &nr);
	if (ret)
		return ret;
	if (argc >= 2) {
		ret = match_string(highpt_pt_format_names, HIGHPT_PT_COUNT,
				   argv[1]);
		if (ret < 0)
			return -EINVAL;
		format = ret;
	}
	if (argc == 4) {
		ret = highpt_ctl_range(argv[2], SPACES_LAST_PAGE, &start);
		if (!ret)
			ret = highpt_ctl_range(argv[3], HIGHPT_SPACE_SIZE, &len);
		if (ret)
			return ret;
		if (!len || len > HIGHPT_SPACE_SIZE - start)
			return -EINVAL;
	}
	highpt_params_space_config(&cfg, format, pool);
	if (mutex_lock_killable(&spaces_lock))
		return -EINTR;
	ret = spaces_shadow(&cfg, nr, start, len);
	mutex_unlock(&spaces_lock);
	return ret;
}

/* "sync ID": a new snapshot of shadow ID. */
int highpt_ctl_sync(struct highpt_pool *pool, int argc, char **argv)
{
	struct ctl_space *s;
	int ret;

	if (mutex_lock_killable(&spaces_lock))
		return -EINTR;
	s = spaces_find(argv[0], &ret);
	if (s && !s->shadow) {
		pr_info("ctl: space %u is not a shadow\n", s->id);
		ret = -EINVAL;
	} else if (s) {
		ret = highpt_shadow_sync(s->shadow);
	}
	mutex_unlock(&spaces_lock);
	return ret;
}

/**
 * highpt_spaces_print() - print the text of the spaces file
 * @m: where to print
 *
 * The format of /sys/kernel/debug/highpt/spaces: a header line starting
 * with '#', then one line per space made by ctl commands: "<id> <format>
 * <pte placement: highmem|lowmem> <access> <pte pages> <of those in
 * highmem> <directory pages> <entries present> <pid> <comm> <state>";
 * the last three are "- - -" for a space that is not a shadow, else the
 * process's pid, its name (blanks shown as '_') and "live" or "exited".
 *
 * Only short commands hold the list meanwhile; "map" adds its spaces
 * when it is done.
 *
 * Return: 0, or -EINTR on a fatal signal.
 */
int highpt_spaces_print(struct seq_file *m)
{
	struct highpt_shadow_info sh;
	struct highpt_space_info info;
	struct ctl_space *s;

	seq_puts(m, "# id format pte_placement access pte_pages pte_pages_highmem dir_pages present pid comm state\n");
	if (mutex_lock_killable(&spaces_lock))
		return -EINTR;
	list_for_each_entry(s, &spaces_list, node) {
		highpt_space_info(s->space, &info);
		seq_printf(m, "%u %s %s %s %lu %lu %lu %lu ", info.id,
			   highpt_pt_format_names[s->cfg.format],
			   s->cfg.pte_highmem ? "highmem" : "lowmem",
			   highpt_pte_access_names[s->cfg.access],
			   info.pte_pages, info.pte_pages_highmem,
			   info.dir_pages, info.present);
		if (s->shadow) {
			highpt_shadow_info(s->shadow, &sh);
			seq_printf(m, "%d %s %s\n", sh.pid, sh.comm,
				   sh.exited ? "exited" : "live");
		} else {
			seq_puts(m, "- - -\n");
		}
	}
	mutex_unlock(&spaces_lock);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(highpt_spaces_print, HIGHPT_INTERNAL_NS);

/**
 * highpt_shadows_print() - print the text of the shadows file
 * @m: where to print
 *
 * The format of /sys/kernel/debug/highpt/shadows: a header line starting
 * with '#', then one line per shadow made by ctl commands: "<id> <pid>
 * <comm> <live|exited> <start> <end> <syncs> <invalidations> <of those
 * non-blocking> <entries cleared by them> <entries present after the
 * last sync> <frames the last sync could not hold>", start and end in
 * hex (0x...), the rest in decimal.
 *
 * Return: 0, or -EINTR on a fatal signal.
 */
int highpt_shadows_print(struct seq_file *m)
{
	struct highpt_shadow_info sh;
	struct ctl_space *s;

	seq_puts(m, "# id pid comm state start end syncs invalidations invalidations_nonblock cleared filled unrepresentable\n");
	if (mutex_lock_killable(&spaces_lock))
		return -EINTR;
	list_for_each_entry(s, &spaces_list, node) {
		if (!s->shadow)
			continue;
		highpt_shadow_info(s->shadow, &sh);
		seq_printf(m, "%u %d %s %s 0x%x 0x%llx %llu %llu %llu %llu %lu %lu\n",
			   s->id, sh.pid, sh.comm,
			   sh.exited ? "exited" : "live", sh.start, sh.end,
			   sh.syncs, sh.invalidations,
			   sh.invalidations_nonblock, sh.cleared, sh.filled,
			   sh.unrepresentable);
	}
	mutex_unlock(&spaces_lock);
	return 0;
}
