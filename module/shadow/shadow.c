// SPDX-License-Identifier: GPL-2.0
/*
 * Shadows: spaces that mirror the user page table of a live process,
 * the way device drivers keep theirs (lib/test_hmm.c): hmm_range_fault()
 * takes snapshots, an interval notifier clears what the kernel
 * invalidates. highpt never walks another process's page tables itself.
 *
 * Coherence. Each PTE page's worth of a snapshot is committed under the
 * space's pt_lock, and only if no invalidation began since the snapshot
 * was taken (mmu_interval_read_retry(), checked under that lock); the
 * invalidation records its sequence number and clears its entries
 * under the same lock, before it returns. It takes no mutex, allocates
 * nothing and never sleeps, so it serves blockable and non-blockable
 * invalidations alike, and cannot wait on a sync that is itself in
 * reclaim. Entries come back only at the next sync (no lazy refill):
 * between syncs a shadow holds a subset of the process's present PTEs,
 * never an entry the process no longer has.
 *
 * Exit. The kernel's release invalidation (exit_mmap) empties the
 * shadow and marks it exited; a work item then removes the notifier.
 * The space stays, listed as exited, until it is destroyed. An exec
 * ends the shadow the same way: the address space it mirrored is gone.
 */
#include <linux/build_bug.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/hmm.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mmu_notifier.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "../atomic64.h"
#include "../store/format.h"
#include "../internal.h"
#include "../trace/events.h"

/**
 * struct highpt_shadow - a space that mirrors a process's page table
 * @space: the mirror
 * @space_id: the space's id, read once, for trace events
 * @notifier: the kernel's invalidations of [@start, @end)
 * @mm: the process's mm, grabbed (mm_count) for the shadow's life
 * @pid: its process (thread group), referenced; NULL if not known
 * @comm: its name when the shadow was made
 * @format: the space's entry format
 * @start: the first address mirrored
 * @end: the end of the range mirrored
 * @lock: serializes syncs and the notifier's removal; not held by readers
 * @released: the notifier has been removed (under @lock)
 * @exited: the process's address space is gone
 * @exit_work: removes the notifier once the process has exited
 * @syncs: snapshots taken
 * @invalidations: invalidations received (atomic: they run concurrently)
 * @invalidations_nonblock: of those, ones that could not block
 * @cleared: entries cleared by invalidations
 * @filled: entries present after the last sync
 * @unrepresentable: frames the last sync could not hold in the format
 */
struct highpt_shadow {
	struct highpt_space *space;
	u32 space_id;
	struct mmu_interval_notifier notifier;
	struct mm_struct *mm;
	struct pid *pid;
	char comm[HIGHPT_COMM_LEN];
	enum highpt_pt_format format;
	u32 start;
	u64 end;
	struct mutex lock;	/* syncs, and the notifier's removal */
	bool released;
	bool exited;
	struct work_struct exit_work;
	atomic64_t syncs;
	atomic64_t invalidations;
	atomic64_t invalidations_nonblock;
	atomic64_t cleared;
	unsigned long filled;
	unsigned long unrepresentable;
};

static u32 shadow_space_id(struct highpt_space *space)
{
	struct highpt_space_info info;

	highpt_space_info(space, &info);
	return info.id;
}

/* What an invalidation hands to the store's pt_lock section. */
struct shadow_inval {
	struct mmu_interval_notifier *notifier;
	unsigned long seq;
};

static void shadow_set_seq(void *arg)
{
	struct shadow_inval *inv = arg;

	mmu_interval_set_seq(inv->notifier, inv->seq);
}

static bool shadow_invalidate(struct mmu_interval_notifier *mni,
			      const struct mmu_notifier_range *range,
			      unsigned long cur_seq)
{
	struct highpt_shadow *sh = container_of(mni, struct highpt_shadow,
						notifier);
	struct shadow_inval inv = { .notifier = mni, .seq = cur_seq };
	u64 start = max_t(u64, range->start, sh->start);
	u64 end = min_t(u64, range->end, sh->end);
	unsigned long n;

	atomic64_inc(&sh->invalidations);
	highpt_stat_inc(HIGHPT_STAT_SHADOW_INVALIDATIONS);
	if (!mmu_notifier_range_blockable(range)) {
		atomic64_inc(&sh->invalidations_nonblock);
		highpt_stat_inc(HIGHPT_STAT_SHADOW_INVALIDATIONS_NONBLOCK);
	}
	start = round_down(start, PAGE_SIZE);
	end = round_up(end, PAGE_SIZE);
	/* An empty intersection clears nothing but still records the seq. */
	n = highpt_store_clear_nowait(sh->space, start, end, shadow_set_seq,
				      &inv);
	highpt_atomic64_add(n, &sh->cleared);
	highpt_stat_add(HIGHPT_STAT_SHADOW_ENTRIES_CLEARED, n);
	trace_highpt_shadow_invalidate(sh->space_id, start, end, range->event,
				       mmu_notifier_range_blockable(range), n);
	if (range->event == MMU_NOTIFY_RELEASE) {
		WRITE_ONCE(sh->exited, true);
		schedule_work(&sh->exit_work);
	}
	return true;
}

static const struct mmu_interval_notifier_ops shadow_ops = {
	.invalidate = shadow_invalidate,
};

/* Remove the notifier once; after this no invalidation runs. */
static void shadow_release(struct highpt_shadow *sh)
{
	mutex_lock(&sh->lock);
	if (!sh->released) {
		mmu_interval_notifier_remove(&sh->notifier);
		sh->released = true;
	}
	mutex_unlock(&sh->lock);
}

static void shadow_exit_work(struct work_struct *work)
{
	shadow_release(container_of(work, struct highpt_shadow, exit_work));
}

struct shadow_commit {
	struct mmu_interval_notifier *notifier;
	unsigned long seq;
};

static bool shadow_still_valid(void *arg)
{
	struct shadow_commit *c = arg;

	return !mmu_interval_read_retry(c->notifier, c->seq);
}

/* hmm's frame field holds every frame this kernel can have. */
static_assert(HMM_PFN_ORDER_SHIFT >= HIGHPT_MAX_PFN_BITS);

/* Turn hmm's answer for @n pages into entries; count what cannot fit. */
static void shadow_entries(struct highpt_shadow *sh, const unsigned long *pfns,
			   unsigned int n, u64 *entries,
			   unsigned long *unrepresentable)
{
	enum highpt_pt_format f = sh->format;
	unsigned int i;

	for (i = 0; i < n; i++) {
		unsigned long pfn = pfns[i] & ~HMM_PFN_FLAGS;
		unsigned int flags = HIGHPT_PTE_PRESENT | HIGHPT_PTE_USER;

		entries[i] = 0;
		if (!(pfns[i] & HMM_PFN_VALID))
			continue;
		if (pfn > store_max_pfn(f)) {
			(*unrepresentable)++;
			continue;
		}
		if (pfns[i] & HMM_PFN_WRITE)
			flags |= HIGHPT_PTE_WRITE;
		entries[i] = store_entry_make(pfn, flags);
	}
}

/* How long a sync may retry snapshots while invalidations race them. */
#define SHADOW_RETRY_TIMEOUT	(30 * HZ)

/*
 * Snapshot [va, end), one PTE page's worth, and commit it; again if an
 * invalidation came between the two, until @deadline.
 * hmm_range_fault() is asked to fault nothing: it reports what is
 * present, holes and VMAs it cannot mirror (VM_IO, VM_PFNMAP,
 * PROT_NONE) as absent.
 */
static int shadow_sync_chunk(struct highpt_shadow *sh, u64 va, u64 end,
			     unsigned long deadline, unsigned long *pfns,
			     u64 *entries,
			     unsigned long *present,
			     unsigned long *unrepresentable)
{
	struct hmm_range range = {
		.notifier = &sh->notifier,
		.start = va,
		.end = end,
		.hmm_pfns = pfns,
	};
	unsigned int n = (end - va) >> PAGE_SHIFT;
	struct shadow_commit c = { .notifier = &sh->notifier };
	struct vm_area_struct *vma;
	unsigned long missed;
	int ret;

	for (;;) {
		if (fatal_signal_pending(current))
			return -EINTR;
		if (time_after(jiffies, deadline))
			return -EBUSY;
		missed = 0;
		c.seq = mmu_interval_read_begin(&sh->notifier);
		range.notifier_seq = c.seq;
		if (mmap_read_lock_killable(sh->mm))
			return -EINTR;
		vma = find_vma(sh->mm, va);
		if (vma && vma->vm_start < end) {
			ret = hmm_range_fault(&range);
		} else {
			memset(pfns, 0, n * sizeof(*pfns));
			ret = 0;
		}
		mmap_read_unlock(sh->mm);
		if (ret == -EBUSY)
			continue;
		if (ret)
			return ret;
		shadow_entries(sh, pfns, n, entries, &missed);
		ret = highpt_store_commit(sh->space, va, n, entries,
					  shadow_still_valid, &c);
		if (ret != -EAGAIN)
			break;
		highpt_stat_inc(HIGHPT_STAT_SHADOW_RETRIES);
		cond_resched();
	}
	if (ret < 0)
		return ret;
	*present += ret;
	*unrepresentable += missed;
	return 0;
}

/**
 * highpt_shadow_sync() - take a new snapshot of the process's page table
 * @sh: the shadow
 *
 * Every entry of the range is replaced by what the process has present
 * now (frame number, present, writable), or cleared. Nothing is
 * faulted in. A frame the format cannot hold (above 4 GiB in a legacy
 * shadow) is left absent and counted, never truncated.
 *
 * Context: process context; sleeps. Takes the process's mmap_lock for
 * reading, one PTE page's worth at a time.
 * Return: 0; -ESRCH if the process's address space is gone, -EINTR on
 * a fatal signal, -EBUSY if invalidations kept racing the snapshots
 * for 30 s (on any error part of the range is new, the rest as
 * it was, and highpt_shadow_info() keeps the last full sync's figures),
 * -ENOMEM, or the pool's error.
 */
int highpt_shadow_sync(struct highpt_shadow *sh)
{
	enum highpt_pt_format f = sh->format;
	unsigned int per = store_ptes_per_page(f);
	unsigned long deadline = jiffies + SHADOW_RETRY_TIMEOUT;
	unsigned long present = 0, unrepresentable = 0;
	unsigned long *pfns;
	u64 va, *entries;
	int ret = 0;

	if (!mmget_not_zero(sh->mm))
		return -ESRCH;
	pfns = kvmalloc_array(per, sizeof(*pfns), GFP_KERNEL);
	entries = kvmalloc_array(per, sizeof(*entries), GFP_KERNEL);
	if (!pfns || !entries) {
		ret = -ENOMEM;
		goto out;
	}
	mutex_lock(&sh->lock);
	for (va = sh->start; va < sh->end && !ret;
	     va = store_span_end(f, va, sh->end)) {
		ret = shadow_sync_chunk(sh, va, store_span_end(f, va, sh->end),
					deadline, pfns, entries, &present,
					&unrepresentable);
		cond_resched();
	}
	if (!ret) {
		WRITE_ONCE(sh->filled, present);
		WRITE_ONCE(sh->unrepresentable, unrepresentable);
		atomic64_inc(&sh->syncs);
		highpt_stat_inc(HIGHPT_STAT_SHADOW_SNAPSHOTS);
		highpt_stat_add(HIGHPT_STAT_SHADOW_ENTRIES_FILLED, present);
		highpt_stat_add(HIGHPT_STAT_SHADOW_UNREPRESENTABLE,
				unrepresentable);
	}
	trace_highpt_shadow_sync(sh->space_id, ret, present, unrepresentable);
	mutex_unlock(&sh->lock);
out:
	kvfree(entries);
	kvfree(pfns);
	mmput(sh->mm);
	return ret;
}
EXPORT_SYMBOL_GPL(highpt_shadow_sync);

/**
 * highpt_shadow_create() - a new space that mirrors a process's page table
 * @mm: the process's address space; the caller holds a reference on its
 *	users (get_task_mm()) for the duration of the call
 * @cfg: the space's format, PTE placement, access mode and pool
 * @start: page-aligned first address to mirror
 * @len: page-aligned length; the range is cut to the process's task
 *	size (a shadow covers 32 bits: for a 64-bit process, what lies
 *	above 4 GiB is not mirrored)
 *
 * The shadow is filled at once (highpt_shadow_sync()) and kept
 * coherent from then on by an interval notifier.
 *
 * Context: process context; sleeps.
 * Return: the shadow; ERR_PTR(-EINVAL) for a bad range, one that starts
 * past the task size or a bad @cfg, -ESRCH if the address space is
 * gone, -ENOMEM, -EINTR, or the pool's error. Nothing is left behind
 * on an error.
 */
struct highpt_shadow *highpt_shadow_create(struct mm_struct *mm,
					   const struct highpt_space_config *cfg,
					   u32 start, u64 len)
{
	struct highpt_shadow *sh;
	int ret;

	if (!mm || !cfg || !store_range_ok(start, len) ||
	    start >= mm->task_size)
		return ERR_PTR(-EINVAL);
	sh = kzalloc(sizeof(*sh), GFP_KERNEL);
	if (!sh)
		return ERR_PTR(-ENOMEM);
	strscpy(sh->comm, "-", sizeof(sh->comm));
	sh->format = cfg->format;
	sh->start = start;
	sh->end = min_t(u64, (u64)start + len, mm->task_size);
	sh->end = round_down(sh->end, PAGE_SIZE);
	mutex_init(&sh->lock);
	INIT_WORK(&sh->exit_work, shadow_exit_work);
	sh->space = highpt_space_create(cfg);
	if (IS_ERR(sh->space)) {
		ret = PTR_ERR(sh->space);
		goto free;
	}
	sh->space_id = shadow_space_id(sh->space);
	sh->mm = mm;
	mmgrab(mm);
	ret = mmu_interval_notifier_insert(&sh->notifier, mm, sh->start,
					   sh->end - sh->start, &shadow_ops);
	if (ret)
		goto drop;
	ret = highpt_shadow_sync(sh);
	if (ret)
		goto remove;
	highpt_stat_inc(HIGHPT_STAT_SHADOW_SPACES);
	return sh;
remove:
	shadow_release(sh);
	cancel_work_sync(&sh->exit_work);
drop:
	mmdrop(mm);
	highpt_space_destroy(sh->space);
free:
	mutex_destroy(&sh->lock);
	kfree(sh);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(highpt_shadow_create);

/*
 * One word of printable ASCII in the spaces file: a name set with
 * PR_SET_NAME may hold blanks, newlines, anything.
 */
static void shadow_comm_word(char *comm)
{
	for (; *comm; comm++)
		if (*comm < 0x21 || *comm > 0x7e)
			*comm = '_';
}

/**
 * highpt_shadow_create_pid() - a new space that mirrors a process, by pid
 * @pid: the process
 * @cfg: as for highpt_shadow_create()
 * @start: as for highpt_shadow_create()
 * @len: as for highpt_shadow_create()
 *
 * As highpt_shadow_create(), for the address space of @pid's task; the
 * shadow keeps the task's process (its thread group) and name for
 * highpt_shadow_info() and highpt_shadow_pid().
 *
 * Context: process context; sleeps.
 * Return: the shadow; ERR_PTR(-ESRCH) if no task has @pid or its
 * address space is gone (it is exiting), -EINVAL for a kernel thread,
 * or highpt_shadow_create()'s errors.
 */
struct highpt_shadow *highpt_shadow_create_pid(struct pid *pid,
					       const struct highpt_space_config *cfg,
					       u32 start, u64 len)
{
	struct highpt_shadow *sh = ERR_PTR(-ESRCH);
	char comm[TASK_COMM_LEN];
	struct task_struct *task;
	struct mm_struct *mm;
	struct pid *tgid;

	task = pid ? get_pid_task(pid, PIDTYPE_PID) : NULL;
	if (!task)
		return sh;
	if (task->flags & PF_KTHREAD) {
		put_task_struct(task);
		return ERR_PTR(-EINVAL);
	}
	get_task_comm(comm, task);
	shadow_comm_word(comm);
	mm = get_task_mm(task);
	tgid = get_task_pid(task, PIDTYPE_TGID);
	put_task_struct(task);
	if (!mm) {
		put_pid(tgid);
		return sh;
	}
	sh = highpt_shadow_create(mm, cfg, start, len);
	mmput(mm);
	if (!IS_ERR(sh)) {
		sh->pid = tgid;
		strscpy(sh->comm, comm, sizeof(sh->comm));
	} else {
		put_pid(tgid);
	}
	return sh;
}
EXPORT_SYMBOL_GPL(highpt_shadow_create_pid);

/**
 * highpt_shadow_destroy() - stop mirroring and free the shadow and its space
 * @sh: the shadow; no other call on it may be running
 *
 * Context: process context; sleeps (waits for an invalidation in
 * progress to end).
 */
void highpt_shadow_destroy(struct highpt_shadow *sh)
{
	if (!sh)
		return;
	shadow_release(sh);
	/* No invalidation runs now, so none can queue the work again. */
	cancel_work_sync(&sh->exit_work);
	mmdrop(sh->mm);
	put_pid(sh->pid);
	highpt_space_destroy(sh->space);
	mutex_destroy(&sh->lock);
	kfree(sh);
	highpt_stat_add(HIGHPT_STAT_SHADOW_SPACES, -1);
}
EXPORT_SYMBOL_GPL(highpt_shadow_destroy);

/**
 * highpt_shadow_space() - the space a shadow fills
 * @sh: the shadow
 *
 * Every space operation works on it; what they change is the shadow's
 * until the next sync or invalidation replaces it.
 *
 * Return: the space; it lives as long as the shadow.
 */
struct highpt_space *highpt_shadow_space(struct highpt_shadow *sh)
{
	return sh->space;
}
EXPORT_SYMBOL_GPL(highpt_shadow_space);

/**
 * highpt_shadow_pid() - the process a shadow mirrors
 * @sh: the shadow
 *
 * Return: the process (its thread group's pid), NULL for a shadow made
 * by highpt_shadow_create(); valid as long as the shadow.
 */
struct pid *highpt_shadow_pid(struct highpt_shadow *sh)
{
	return sh->pid;
}
EXPORT_SYMBOL_GPL(highpt_shadow_pid);

/**
 * highpt_shadow_exited() - whether a shadow's process has exited
 * @sh: the shadow
 *
 * Also after an exec: the address space the shadow mirrored is gone.
 *
 * Return: true once the process's address space is gone.
 */
bool highpt_shadow_exited(struct highpt_shadow *sh)
{
	return READ_ONCE(sh->exited);
}
EXPORT_SYMBOL_GPL(highpt_shadow_exited);

/**
 * highpt_shadow_info() - what a shadow mirrors, and its counters
 * @sh: the shadow
 * @info: filled in
 */
void highpt_shadow_info(struct highpt_shadow *sh,
			struct highpt_shadow_info *info)
{
	memset(info, 0, sizeof(*info));
	info->pid = sh->pid ? pid_vnr(sh->pid) : 0;
	strscpy(info->comm, sh->comm, sizeof(info->comm));
	info->start = sh->start;
	info->end = sh->end;
	info->exited = READ_ONCE(sh->exited);
	info->syncs = atomic64_read(&sh->syncs);
	info->invalidations = atomic64_read(&sh->invalidations);
	info->invalidations_nonblock =
		atomic64_read(&sh->invalidations_nonblock);
	info->cleared = atomic64_read(&sh->cleared);
	info->filled = READ_ONCE(sh->filled);
	info->unrepresentable = READ_ONCE(sh->unrepresentable);
}
EXPORT_SYMBOL_GPL(highpt_shadow_info);
