// SPDX-License-Identifier: GPL-2.0
/*
 * The ctl command "stress THREADS SECONDS": threads running random store
 * operations on shared spaces (both formats), each checking every result
 * against its own model. Each thread owns one region of every space, so
 * its model stays exact while the others work on the same spaces.
 */
#include <linux/completion.h>
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/prandom.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "ctl.h"
#include "params.h"
#include "stats.h"
#include "store.h"

#define STRESS_SPACES		4	/* pae, legacy, pae, legacy */
#define STRESS_PAGES		64	/* a thread's region, in pages */
#define STRESS_MAX_THREADS	16
#define STRESS_MAX_SECONDS	60
#define STRESS_OPS		8

struct stress_thread {
	struct highpt_space **spaces;
	u32 base;
	u64 model[STRESS_SPACES][STRESS_PAGES];
	struct rnd_state rnd;
	unsigned long deadline;
	u64 ops;
	u64 errors[STRESS_OPS];
	struct completion exited;
};

static u32 stress_rand(struct stress_thread *t, u32 n)
{
	return prandom_u32_state(&t->rnd) % n;
}

static u32 stress_va(struct stress_thread *t, unsigned int page)
{
	return t->base + page * PAGE_SIZE;
}

struct stress_walk {
	struct stress_thread *t;
	int space;
	unsigned int seen;
	bool wrong;
};

/* Runs under the walk's spinlock: only compares. */
static int stress_walk_fn(u32 va, unsigned long pfn, unsigned int flags,
			  void *arg)
{
	struct stress_walk *w = arg;
	unsigned int page = (va - w->t->base) >> PAGE_SHIFT;

	w->seen++;
	if (w->t->model[w->space][page] != ((u64)pfn << 12 | flags))
		w->wrong = true;
	return 0;
}

/* One random operation: @op; returns false if a result disagrees. */
static bool stress_op(struct stress_thread *t, int op)
{
	int s = stress_rand(t, STRESS_SPACES), i;
	unsigned int p = stress_rand(t, STRESS_PAGES), n, half = STRESS_PAGES / 2;
	struct highpt_space *space = t->spaces[s];
	u64 *model = t->model[s];
	/* Frames the legacy format can hold, for a whole region. */
	unsigned long pfn = stress_rand(t, (1U << 20) - STRESS_PAGES);
	unsigned int flags = HIGHPT_PTE_PRESENT | (stress_rand(t, 32) &
			     (HIGHPT_PTE_FLAGS & ~HIGHPT_PTE_PRESENT));
	struct stress_walk w = { .t = t, .space = s };
	unsigned int got_flags;
	unsigned long got_pfn;
	int ret;

	switch (op) {
	case 0:
		model[p] = (u64)pfn << 12 | flags;
		return !highpt_pte_set(space, stress_va(t, p), pfn, flags);
	case 1:
		ret = highpt_pte_get(space, stress_va(t, p), &got_pfn,
				     &got_flags);
		return model[p] ? !ret && model[p] ==
				  ((u64)got_pfn << 12 | got_flags) :
				  ret == -ENOENT;
	case 2:
		ret = highpt_pte_clear(space, stress_va(t, p));
		ret = model[p] ? ret == 0 : ret == -ENOENT;
		model[p] = 0;
		return ret;
	case 3:
		n = 1 + stress_rand(t, STRESS_PAGES - p);
		for (i = 0; i < n; i++)
			model[p + i] = 0;
		return !highpt_zap_range(space, stress_va(t, p),
					 (u64)n * PAGE_SIZE);
	case 4:
		ret = highpt_walk(space, t->base, STRESS_PAGES * PAGE_SIZE,
				  stress_walk_fn, &w);
		for (i = 0, n = 0; i < STRESS_PAGES; i++)
			n += model[i] != 0;
		return !ret && !w.wrong && w.seen == n;
	case 5:
		/* Copy to the other space of the same format. */
		memcpy(t->model[s ^ 2], model, sizeof(t->model[0]));
		return !highpt_copy_range(t->spaces[s ^ 2], space, t->base,
					  STRESS_PAGES * PAGE_SIZE);
	case 6:
		for (i = 0; i < half; i++) {
			model[half + i] = model[i];
			model[i] = 0;
		}
		return !highpt_move_range(space, t->base, stress_va(t, half),
					  (u64)half * PAGE_SIZE);
	default:
		n = 1 + stress_rand(t, STRESS_PAGES - p);
		for (i = 0; i < n; i++)
			model[p + i] = (u64)(pfn + i) << 12 | flags;
		return !highpt_populate(space, stress_va(t, p),
					(u64)n * PAGE_SIZE, pfn, flags);
	}
}

static int stress_thread_fn(void *data)
{
	struct stress_thread *t = data;

	while (time_before(jiffies, t->deadline) &&
	       !fatal_signal_pending(current)) {
		int op = stress_rand(t, STRESS_OPS);

		t->ops++;
		if (!stress_op(t, op))
			t->errors[op]++;
		cond_resched();
	}
	kthread_complete_and_exit(&t->exited, 0);
}

static void stress_destroy_spaces(struct highpt_space **spaces)
{
	int i;

	for (i = 0; i < STRESS_SPACES; i++)
		if (!IS_ERR_OR_NULL(spaces[i]))
			highpt_space_destroy(spaces[i]);
}

/* "stress THREADS SECONDS" */
int highpt_ctl_stress(int argc, char **argv)
{
	struct highpt_space *spaces[STRESS_SPACES] = {};
	struct highpt_space_config cfg;
	struct stress_thread *t;
	u32 nthreads, seconds;
	u64 ops = 0, errors = 0, by_op[STRESS_OPS] = {};
	int i, op, started, ret;

	ret = kstrtou32(argv[0], 10, &nthreads);
	if (!ret)
		ret = kstrtou32(argv[1], 10, &seconds);
	if (ret)
		return ret;
	if (!nthreads || nthreads > STRESS_MAX_THREADS || !seconds ||
	    seconds > STRESS_MAX_SECONDS)
		return -ERANGE;
	t = kcalloc(nthreads, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	for (i = 0; i < STRESS_SPACES; i++) {
		highpt_params_space_config(&cfg, i & 1 ? HIGHPT_PT_LEGACY :
							 HIGHPT_PT_PAE);
		spaces[i] = highpt_space_create(&cfg);
		if (IS_ERR(spaces[i])) {
			ret = PTR_ERR(spaces[i]);
			goto out;
		}
	}
	for (started = 0; started < nthreads; started++) {
		struct task_struct *task;

		t[started].spaces = spaces;
		/* Regions 3 MiB apart: some share a PTE page, some do not. */
		t[started].base = 0x10000000 + started * 0x300000;
		t[started].deadline = jiffies + seconds * HZ;
		prandom_seed_state(&t[started].rnd, started + 1);
		init_completion(&t[started].exited);
		task = kthread_run(stress_thread_fn, &t[started],
				   "highpt_stress/%d", started);
		if (IS_ERR(task)) {
			ret = PTR_ERR(task);
			break;
		}
	}
	for (i = 0; i < started; i++) {
		wait_for_completion(&t[i].exited);
		ops += t[i].ops;
		for (op = 0; op < STRESS_OPS; op++)
			by_op[op] += t[i].errors[op];
	}
	for (op = 0; op < STRESS_OPS; op++)
		errors += by_op[op];
	highpt_stat_add(HIGHPT_STAT_STORE_STRESS_OPS, ops);
	highpt_stat_add(HIGHPT_STAT_STORE_STRESS_ERRORS, errors);
	pr_info("highpt: stress: %u threads, %u s: %llu operations, %llu errors (set %llu get %llu clear %llu zap %llu walk %llu copy %llu move %llu populate %llu)\n",
		nthreads, seconds, ops, errors, by_op[0], by_op[1], by_op[2],
		by_op[3], by_op[4], by_op[5], by_op[6], by_op[7]);
	if (!ret && errors)
		ret = -EIO;
out:
	stress_destroy_spaces(spaces);
	kfree(t);
	return ret;
}
