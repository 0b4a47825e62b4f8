// SPDX-License-Identifier: GPL-2.0
/*
 * The pool: a module-private counterpart of the kernel's pkmap.
 *
 * Each slot of the window (window.c) has a count, as pkmap_count[]:
 * 0 free (unmapped and flushed everywhere), 1 stale (no users, but some
 * CPU may still cache the translation), n (n - 1 users). A count never
 * drops to 0 without a flush. A page sits in at most one slot per class,
 * found through a hash, so mapping it again is a hit.
 *
 * Reservations: free plus stale slots never drop below pool->reserved,
 * the credits reservations hold, so a map drawn from one always finds
 * a slot and never sleeps.
 *
 * Locking: pool->lock (a plain spinlock) guards every slot, the hash,
 * the reservations and the statistics. Flushes run under it with
 * interrupts enabled, as pkmap's do. Sleepers wait on pool->wait, woken
 * whenever a slot may have become theirs to take: a slot becomes free or
 * stale, a reservation is returned, or a reserved map that hits a slot
 * in use gives up the slot it had set aside.
 */
#include <linux/export.h>
#include <linux/hash.h>
#include <linux/highmem.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/wait.h>

#include "pool.h"
#include "../trace/events.h"

/* Named in the pool file and the module parameters. */
const char *const highpt_flush_policy_names[HIGHPT_FLUSH_COUNT] = {
	[HIGHPT_FLUSH_LAZY]	= "lazy",
	[HIGHPT_FLUSH_EAGER]	= "eager",
};

const char *const highpt_deadlock_mode_names[HIGHPT_DEADLOCK_COUNT] = {
	[HIGHPT_DEADLOCK_NONE]		= "none",
	[HIGHPT_DEADLOCK_SERIES]	= "series",
	[HIGHPT_DEADLOCK_RESERVE]	= "reserve",
};

/*
 * kmap_local mappings the current task holds: mm/highmem.c pushes
 * KM_INCR entries per map (2 with DEBUG_KMAP_LOCAL, a guard between
 * maps) on a per-task stack of KM_MAX_IDX and BUG()s when it is full.
 * A map that got the page's direct address pushed nothing.
 */
static unsigned int pool_local_depth(void)
{
#ifdef CONFIG_KMAP_LOCAL
	return current->kmap_ctrl.idx /
	       (IS_ENABLED(CONFIG_DEBUG_KMAP_LOCAL) ? 2 : 1);
#else
	return 0;
#endif
}

static bool pool_in_range(unsigned int v, unsigned int min, unsigned int max,
			  struct highpt_range *range)
{
	*range = (struct highpt_range){ .min = min, .max = max };
	return v >= min && v <= max;
}

/**
 * highpt_pool_config_bad() - the field of a pool configuration that is wrong
 * @cfg: the configuration
 * @range: set to the values that field may take
 *
 * The one check of a configuration: highpt_pool_create() refuses what
 * it names, silently; params.c names the module parameter instead.
 *
 * Return: NULL if @cfg is valid, else the field's name ("flush" and
 * "deadlock" for an unknown mode).
 */
const char *highpt_pool_config_bad(const struct highpt_pool_config *cfg,
				   struct highpt_range *range)
{
	unsigned int min = cfg->deadlock == HIGHPT_DEADLOCK_SERIES ?
			   HIGHPT_CLASS_COUNT : 1;

	if (!pool_in_range(cfg->flush, 0, HIGHPT_FLUSH_COUNT - 1, range))
		return "flush";
	if (!pool_in_range(cfg->deadlock, 0, HIGHPT_DEADLOCK_COUNT - 1, range))
		return "deadlock";
	if (!pool_in_range(cfg->slots, min, HIGHPT_POOL_MAX_SLOTS, range))
		return "slots";
	if (!pool_in_range(cfg->task_reserve, 1,
			   min_t(unsigned int, HIGHPT_POOL_MAX_RESERVE,
				 cfg->slots), range))
		return "task_reserve";
	if (!pool_in_range(cfg->wait_ms, 1, HIGHPT_POOL_MAX_WAIT_MS, range))
		return "wait_ms";
	return NULL;
}

/* Series mode splits the slots evenly, DEFAULT taking the remainder. */
static void pool_init_classes(struct highpt_pool *pool)
{
	unsigned int n = pool->cfg.slots, i, size, first = 0;

	pool->nr_cls = pool->cfg.deadlock == HIGHPT_DEADLOCK_SERIES ?
		       HIGHPT_CLASS_COUNT : 1;
	for (i = 0; i < pool->nr_cls; i++) {
		struct highpt_slot_class *c = &pool->cls[i];

		size = n / pool->nr_cls + (i == 0 ? n % pool->nr_cls : 0);
		c->first = first;
		c->end = first + size;
		c->cursor = first;	/* as pkmap: slot 0 is taken at the wrap */
		c->nr_free = size;
		first = c->end;
	}
}

/**
 * highpt_pool_create() - create a pool of persistent kernel mappings
 * @cfg: its parameters; checked, and copied with the name
 *
 * Context: process context; sleeps.
 * Return: the pool, or ERR_PTR(-EINVAL) for a bad @cfg, ERR_PTR(-ENOMEM),
 * ERR_PTR(-EOPNOTSUPP) where no TLB flush of the window would be
 * complete (see window.c), or another error from reserving the window.
 */
struct highpt_pool *highpt_pool_create(const struct highpt_pool_config *cfg)
{
	struct highpt_range range;
	struct highpt_pool *pool;
	unsigned int i;
	int ret;

	if (!cfg)
		return ERR_PTR(-EINVAL);
	if (highpt_pool_config_bad(cfg, &range))
		return ERR_PTR(-EINVAL);
	pool = kzalloc(sizeof(*pool), GFP_KERNEL);
	if (!pool)
		return ERR_PTR(-ENOMEM);
	pool->cfg = *cfg;
	strscpy(pool->name, cfg->name ? cfg->name : "", sizeof(pool->name));
	pool->cfg.name = pool->name;
	pool->hash_bits = ilog2(roundup_pow_of_two(cfg->slots)) + 1;
	pool->hash = kvcalloc(1U << pool->hash_bits, sizeof(*pool->hash),
			      GFP_KERNEL);
	pool->slots = kvcalloc(cfg->slots, sizeof(*pool->slots), GFP_KERNEL);
	if (!pool->hash || !pool->slots) {
		ret = -ENOMEM;
		goto fail;
	}
	ret = highpt_window_create(&pool->win, cfg->slots);
	if (ret)
		goto fail;
	for (i = 0; i < 1U << pool->hash_bits; i++)
		INIT_HLIST_HEAD(&pool->hash[i]);
	spin_lock_init(&pool->lock);
	init_waitqueue_head(&pool->wait);
	pool_init_classes(pool);
	for (i = 0; i < pool->nr_cls; i++) {
		struct highpt_slot_class *c = &pool->cls[i];
		unsigned int s;

		for (s = c->first; s < c->end; s++)
			pool->slots[s].cls = i;
	}
	return pool;

fail:
	kvfree(pool->slots);
	kvfree(pool->hash);
	kfree(pool);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(highpt_pool_create);

/* Take the pool lock for an operation, counted in lock_acquisitions. */
static void pool_lock(struct highpt_pool *pool)
	__acquires(&pool->lock)
{
	spin_lock(&pool->lock);
	pool->st.lock_acquisitions++;
}

static void pool_release_slot(struct highpt_pool *pool, struct highpt_slot *s)
{
	lockdep_assert_held(&pool->lock);
	hlist_del(&s->node);
	s->page = NULL;
	s->count = 0;
	highpt_window_clear(&pool->win, s - pool->slots);
}

/**
 * highpt_pool_destroy() - tear down a pool that nobody uses
 * @pool: the pool
 *
 * Refuses while any slot has users or any reservation is held: the pool
 * stays intact and usable, and the refusal is logged.
 *
 * Context: process context; sleeps.
 * Return: 0, -EINVAL for a NULL @pool, or -EBUSY.
 */
int highpt_pool_destroy(struct highpt_pool *pool)
{
	unsigned int i;

	if (!pool)
		return -EINVAL;
	might_sleep();
	pool_lock(pool);
	if (pool->in_use || pool->nr_reservations) {
		pr_warn("pool %s still has %u slots in use and %u reservations: not destroyed\n",
			pool->name, pool->in_use, pool->nr_reservations);
		pool->st.errors++;
		spin_unlock(&pool->lock);
		return -EBUSY;
	}
	for (i = 0; i < pool->cfg.slots; i++)
		if (pool->slots[i].count)
			pool_release_slot(pool, &pool->slots[i]);
	spin_unlock(&pool->lock);
	highpt_window_destroy(&pool->win);
	kvfree(pool->slots);
	kvfree(pool->hash);
	kfree(pool);
	return 0;
}
EXPORT_SYMBOL_GPL(highpt_pool_destroy);

/**
 * highpt_pool_config() - read a pool's parameters
 * @pool: the pool
 * @cfg: filled in; @cfg->name points into the pool
 */
void highpt_pool_config(struct highpt_pool *pool,
			struct highpt_pool_config *cfg)
{
	*cfg = pool->cfg;
}
EXPORT_SYMBOL_GPL(highpt_pool_config);

/**
 * highpt_pool_stats() - read a pool's counters, all at one instant
 * @pool: the pool
 * @stats: filled in
 */
void highpt_pool_stats(struct highpt_pool *pool,
		       struct highpt_pool_stats *stats)
{
	unsigned int i;

	spin_lock(&pool->lock);
	*stats = pool->st;
	stats->errors += atomic_long_read(&pool->refused);
	stats->in_use = pool->in_use;
	stats->pte_writes = pool->win.pte_writes;
	stats->flush_calls = pool->win.flush_calls;
	stats->invlpg = atomic64_read(&pool->win.invlpgs);
	stats->full_flushes = atomic64_read(&pool->win.full_flushes);
	stats->stale = 0;
	for (i = 0; i < pool->nr_cls; i++)
		stats->stale += pool->cls[i].nr_stale;
	spin_unlock(&pool->lock);
}
EXPORT_SYMBOL_GPL(highpt_pool_stats);

static struct hlist_head *pool_bucket(struct highpt_pool *pool,
				      struct page *page, unsigned int cls)
{
	return &pool->hash[hash_long((unsigned long)page + cls,
				     pool->hash_bits)];
}

static struct highpt_slot *pool_lookup(struct highpt_pool *pool,
				       struct page *page, unsigned int cls)
{
	struct highpt_slot *s;

	lockdep_assert_held(&pool->lock);
	hlist_for_each_entry(s, pool_bucket(pool, page, cls), node)
		if (s->page == page && s->cls == cls)
			return s;
	return NULL;
}

/* Slots a map without a reservation may take: not set aside for any. */
static unsigned int pool_slack(struct highpt_pool *pool, unsigned int cls)
{
	struct highpt_slot_class *c = &pool->cls[cls];
	unsigned int avail = c->nr_free + c->nr_stale;
	unsigned int held = cls == 0 ? pool->reserved : 0;

	lockdep_assert_held(&pool->lock);
	return avail > held ? avail - held : 0;
}

/* The cursor wrapped: lazily clear every stale slot, one flush for all. */
static void pool_wrap(struct highpt_pool *pool, struct highpt_slot_class *c)
{
	unsigned int i, n = 0;

	lockdep_assert_held(&pool->lock);
	pool->st.wraps++;
	if (!c->nr_stale)
		return;
	for (i = c->first; i < c->end; i++) {
		if (pool->slots[i].count == 1) {
			pool_release_slot(pool, &pool->slots[i]);
			n++;
		}
	}
	highpt_window_flush(&pool->win);
	c->nr_stale -= n;
	c->nr_free += n;
	pool->st.flushes_lazy++;
	pool->st.pages_flushed += n;
	trace_highpt_pool_flush(pool->name, HIGHPT_FLUSH_LAZY, n);
}

/*
 * Advance the class's cursor to a free slot, pkmap-style. The caller
 * knows a free or stale slot exists: a free one is found within one
 * circle, and a stale one is freed at the wrap inside that circle.
 */
static struct highpt_slot *pool_find_slot(struct highpt_pool *pool,
					  struct highpt_slot_class *c)
{
	unsigned int n;

	lockdep_assert_held(&pool->lock);
	for (n = 0; n < 2 * (c->end - c->first); n++) {
		if (++c->cursor == c->end) {
			c->cursor = c->first;
			pool_wrap(pool, c);
		}
		if (!pool->slots[c->cursor].count)
			return &pool->slots[c->cursor];
	}
	/* WARN does not apply pr_fmt: the module is named by hand. */
	WARN_ONCE(1, "highpt: pool %s: no slot despite free or stale ones\n",
		  pool->name);
	return NULL;
}

/*
 * One attempt to map @page. Returns -EAGAIN when the caller has to
 * wait (or fall back), another error to give up. Sets @slack_up when
 * the map let go of a slot set aside, so that waiters may take it.
 */
static int pool_try_map(struct highpt_pool *pool, struct page *page,
			unsigned int cls, struct highpt_reservation *res,
			struct highpt_mapping *m, bool *slack_up)
{
	struct highpt_slot_class *c = &pool->cls[cls];
	struct highpt_slot *s;

	lockdep_assert_held(&pool->lock);
	if (res && !res->credits) {
		pool->st.reservation_overflows++;
		trace_highpt_pool_reserve(pool->name,
					  HIGHPT_TRACE_RESERVE_OVERFLOW, 0,
					  pool->reserved);
		return -ENOSPC;
	}
	s = pool_lookup(pool, page, cls);
	/*
	 * A miss takes a free or stale slot, and so does reviving a stale
	 * one: without a reservation, only from the slack.
	 */
	if ((!s || s->count == 1) && !res && !pool_slack(pool, cls))
		return -EAGAIN;
	if (s) {
		if (s->count == 1) {
			c->nr_stale--;
			pool->in_use++;
		}
		s->count++;
		pool->st.hits++;
		trace_highpt_pool_map(pool->name, page, cls, res,
				      HIGHPT_TRACE_MAP_HIT, s->count - 1);
	} else {
		if (!c->nr_free && !c->nr_stale)
			return -EAGAIN;
		s = pool_find_slot(pool, c);
		if (!s)
			return -EAGAIN;
		s->page = page;
		s->count = 2;
		hlist_add_head(&s->node, pool_bucket(pool, page, cls));
		highpt_window_set(&pool->win, s - pool->slots, page);
		c->nr_free--;
		pool->in_use++;
		pool->st.misses++;
		trace_highpt_pool_map(pool->name, page, cls, res,
				      HIGHPT_TRACE_MAP_MISS, 1);
	}
	if (res) {
		/* A hit on a slot in use spends a credit but takes no slot. */
		*slack_up = s->count > 2;
		res->credits--;
		res->held++;
		pool->reserved--;
	}
	pool->st.maps++;
	if (pool->in_use > pool->st.high_water)
		pool->st.high_water = pool->in_use;
	m->addr = highpt_window_addr(&pool->win, s - pool->slots);
	m->kind = HIGHPT_MAPPING_POOL;
	return 0;
}

/*
 * Sleep until woken, @deadline passes, or a fatal signal. Killable and
 * bounded, so a KUnit timeout or a deadlocked test can always end it.
 */
static int pool_sleep(struct highpt_pool *pool, unsigned long deadline)
	__must_hold(&pool->lock)
{
	long left = (long)(deadline - jiffies);
	DEFINE_WAIT(wait);

	lockdep_assert_held(&pool->lock);
	if (left <= 0) {
		pool->st.timeouts++;
		return -ETIMEDOUT;
	}
	prepare_to_wait(&pool->wait, &wait, TASK_KILLABLE);
	spin_unlock(&pool->lock);
	schedule_timeout(left);
	finish_wait(&pool->wait, &wait);
	pool_lock(pool);
	return fatal_signal_pending(current) ? -EINTR : 0;
}

/* A map's wait ended with @ret: 0, -ETIMEDOUT or -EINTR. */
static void pool_account_wait(struct highpt_pool *pool, ktime_t start,
			      int ret)
{
	u64 ns = ktime_to_ns(ktime_sub(ktime_get(), start));

	lockdep_assert_held(&pool->lock);
	pool->st.wait_ns_total += ns;
	if (ns > pool->st.wait_ns_max)
		pool->st.wait_ns_max = ns;
	trace_highpt_pool_wait_end(pool->name, HIGHPT_TRACE_WAIT_MAP, ns, ret);
}

/*
 * Count a refused call on @pool (if there is one) and return @err.
 * Lockless: a refusal may come where pool->lock must not be taken.
 */
static int pool_refuse(struct highpt_pool *pool, int err)
{
	if (pool)
		atomic_long_inc(&pool->refused);
	return err;
}

/*
 * Every entry point that takes pool->lock needs interrupts enabled and
 * task context: a lock holder may be flushing, an IPI to every CPU,
 * and waits for this CPU to answer; and an interrupt may come while the
 * task below holds the lock. Such calls are refused and counted.
 */
static int pool_check_context(struct highpt_pool *pool)
{
	if (likely(in_task() && !irqs_disabled()))
		return 0;
	return pool_refuse(pool, -EDEADLK);
}

/**
 * highpt_map() - map a page into a pool slot
 * @pool: the pool
 * @page: the page, highmem or not
 * @flags: HIGHPT_MAP_NOWAIT, and HIGHPT_MAP_CLASS() in series mode
 * @res: a reservation of this pool to draw from, or NULL
 * @m: the handle, filled in on success; pass it to highpt_unmap()
 *
 * A page already in a slot of the class is a hit: its count goes up and
 * no PTE is written. Otherwise the page goes into a free slot; with no
 * free slot, a NOWAIT map falls back to kmap_local_page() (@m->kind says
 * so), and other maps sleep, killable, for at most the pool's wait_ms.
 * A map drawn from a reservation never sleeps. A fallback is refused
 * once the task holds HIGHPT_LOCAL_FALLBACK_MAX kmap_local mappings,
 * well before kmap_local's stack would overflow.
 *
 * Context: process context with interrupts enabled; may sleep unless
 * NOWAIT or @res is given.
 * Return: 0; -EINVAL for bad arguments, -ENOSPC past the reservation's
 * size, -ETIMEDOUT after wait_ms, -EINTR on a fatal signal, -EBUSY for
 * a NOWAIT map that would need a fallback past the cap, -EDEADLK with
 * interrupts disabled or in interrupt context (nothing is mapped).
 */
int highpt_map(struct highpt_pool *pool, struct page *page,
	       unsigned int flags, struct highpt_reservation *res,
	       struct highpt_mapping *m)
{
	unsigned int cls = HIGHPT_MAP_CLASS_OF(flags);
	unsigned long deadline = 0;
	bool slack_up = false, wake;
	ktime_t start = 0;
	int ret;

	ret = pool_check_context(pool);
	if (ret)
		return ret;
	if (!m)
		return pool_refuse(pool, -EINVAL);
	memset(m, 0, sizeof(*m));
	m->pool = pool;
	m->page = page;
	if (!pool || !page || (flags & ~HIGHPT_MAP_VALID) ||
	    cls >= pool->nr_cls || (res && res->pool != pool))
		return pool_refuse(pool, -EINVAL);
	if (!(flags & HIGHPT_MAP_NOWAIT) && !res)
		might_sleep();

	pool_lock(pool);
	while ((ret = pool_try_map(pool, page, cls, res, m,
				   &slack_up)) == -EAGAIN) {
		if (flags & HIGHPT_MAP_NOWAIT)
			break;
		/*
		 * Cannot happen: every slot that a map without a
		 * reservation takes leaves free plus stale at least what
		 * is reserved. Fail rather than sleep where it may not.
		 */
		if (WARN_ON_ONCE(res)) {
			ret = -EBUSY;
			break;
		}
		if (!deadline) {
			deadline = jiffies + msecs_to_jiffies(pool->cfg.wait_ms);
			start = ktime_get();
			pool->st.waits++;
			trace_highpt_pool_wait_begin(pool->name,
						     HIGHPT_TRACE_WAIT_MAP);
		}
		ret = pool_sleep(pool, deadline);
		if (ret)
			break;
	}
	if (deadline)
		pool_account_wait(pool, start, ret);
	if (ret == -EAGAIN && pool_local_depth() >= HIGHPT_LOCAL_FALLBACK_MAX)
		ret = -EBUSY;
	if (ret == -EAGAIN)
		pool->st.nowait_fallbacks++;
	else if (ret)
		pool->st.errors++;
	else
		m->res = res;
	/* Sleepers queue under pool->lock, so this cannot miss one. */
	wake = slack_up && waitqueue_active(&pool->wait);
	spin_unlock(&pool->lock);
	if (wake)
		wake_up(&pool->wait);

	if (ret == -EAGAIN) {
		m->addr = kmap_local_page(page);
		m->kind = HIGHPT_MAPPING_LOCAL;
		trace_highpt_pool_map(pool->name, page, cls, false,
				      HIGHPT_TRACE_MAP_FALLBACK, 0);
		ret = 0;
	}
	if (!ret)
		m->self = m;
	return ret;
}
EXPORT_SYMBOL_GPL(highpt_map);

/**
 * highpt_unmap() - release a mapping made by highpt_map()
 * @m: its handle, where highpt_map() filled it in; emptied, so a second
 *	unmap is an error
 *
 * The last user of a slot leaves it stale (lazy policy) or clears and
 * flushes it at once (eager). A kmap_local fallback is unmapped with
 * kunmap_local(), so the usual LIFO rule applies to it. A copy of a
 * handle is refused, whether or not the handle was unmapped: unmapping
 * through both would drop another user's count of a shared slot.
 *
 * Context: process context with interrupts enabled; does not sleep.
 * Return: 0; -EINVAL if @m does not hold a live mapping or is a copy
 * of the handle that does; -EDEADLK for a pool mapping, with interrupts
 * disabled or in interrupt context (it stays mapped).
 */
int highpt_unmap(struct highpt_mapping *m)
{
	struct highpt_reservation *res;
	struct highpt_pool *pool;
	struct highpt_slot *s;
	bool freed = false, wake;

	if (!m)
		return -EINVAL;
	pool = m->pool;
	/* A copy of a handle is not one: through it, a map would go twice. */
	if (pool && m->self != m)
		return pool_refuse(pool, -EINVAL);
	if (m->kind == HIGHPT_MAPPING_LOCAL) {
		trace_highpt_pool_unmap(pool ? pool->name : "", m->page,
					HIGHPT_TRACE_UNMAP_LOCAL);
		kunmap_local(m->addr);
		m->kind = HIGHPT_MAPPING_NONE;
		m->self = NULL;
		return 0;
	}
	if (m->kind != HIGHPT_MAPPING_POOL || !pool)
		return pool_refuse(pool, -EINVAL);
	if (pool_check_context(pool))
		return -EDEADLK;

	pool_lock(pool);
	s = highpt_window_contains(&pool->win, m->addr) ?
	    &pool->slots[highpt_window_slot(&pool->win, m->addr)] : NULL;
	if (!s || s->page != m->page || s->count < 2) {
		pool->st.errors++;
		spin_unlock(&pool->lock);
		return -EINVAL;
	}
	pool->st.unmaps++;
	if (--s->count == 1) {
		struct highpt_slot_class *c = &pool->cls[s->cls];

		pool->in_use--;
		freed = true;
		if (pool->cfg.flush == HIGHPT_FLUSH_EAGER) {
			trace_highpt_pool_unmap(pool->name, m->page,
						HIGHPT_TRACE_UNMAP_FREED);
			pool_release_slot(pool, s);
			highpt_window_flush(&pool->win);
			c->nr_free++;
			pool->st.flushes_eager++;
			pool->st.pages_flushed++;
			trace_highpt_pool_flush(pool->name, HIGHPT_FLUSH_EAGER,
						1);
		} else {
			c->nr_stale++;
			trace_highpt_pool_unmap(pool->name, m->page,
						HIGHPT_TRACE_UNMAP_STALE);
		}
	} else {
		trace_highpt_pool_unmap(pool->name, m->page,
					HIGHPT_TRACE_UNMAP_SHARED);
	}
	res = m->res;
	if (res) {
		/*
		 * The credit comes back only if a free or stale slot can
		 * back it: a slot still used by others may not.
		 */
		res->held--;
		if (freed || pool_slack(pool, 0)) {
			res->credits++;
			pool->reserved++;
		}
	}
	/* Sleepers queue under pool->lock, so this cannot miss one. */
	wake = freed && waitqueue_active(&pool->wait);
	spin_unlock(&pool->lock);
	if (wake)
		wake_up(&pool->wait);
	m->kind = HIGHPT_MAPPING_NONE;
	m->addr = NULL;
	m->res = NULL;
	m->self = NULL;
	return 0;
}
EXPORT_SYMBOL_GPL(highpt_unmap);

/**
 * highpt_reserve() - set aside slots for nested maps that must not sleep
 * @pool: the pool
 * @nr: how many mappings the caller will hold at once; 0 means the
 *	pool's task_reserve
 * @res: an empty reservation, filled in
 *
 * Andrea Arcangeli's 2002 proposal: the one step that may sleep is
 * taking all @nr slots, before any is held; each highpt_map() drawing
 * from @res then never sleeps, so two tasks can never each hold a slot
 * the other waits for. A map past @nr fails with -ENOSPC instead of
 * sleeping. Unmapping returns the map's credit when a free or stale
 * slot can back it; otherwise it is back only at highpt_unreserve().
 *
 * Context: process context; may sleep, killable, at most wait_ms.
 * Return: 0; -EINVAL for bad arguments or @nr over task_reserve,
 * -EBUSY if @res is already in use, -EOPNOTSUPP in series mode,
 * -ETIMEDOUT, -EINTR.
 */
int highpt_reserve(struct highpt_pool *pool, unsigned int nr,
		   struct highpt_reservation *res)
{
	unsigned long deadline = 0;
	ktime_t start = 0;
	int ret = 0;

	if (!pool || !res)
		return pool_refuse(pool, -EINVAL);
	if (res->pool)
		return pool_refuse(pool, -EBUSY);
	if (pool->cfg.deadlock == HIGHPT_DEADLOCK_SERIES)
		return pool_refuse(pool, -EOPNOTSUPP);
	if (!nr)
		nr = pool->cfg.task_reserve;
	if (nr > pool->cfg.task_reserve)
		return pool_refuse(pool, -EINVAL);
	might_sleep();

	pool_lock(pool);
	while (pool_slack(pool, 0) < nr) {
		if (!deadline) {
			deadline = jiffies + msecs_to_jiffies(pool->cfg.wait_ms);
			start = ktime_get();
			pool->st.reservation_waits++;
			trace_highpt_pool_wait_begin(pool->name,
						     HIGHPT_TRACE_WAIT_RESERVE);
		}
		ret = pool_sleep(pool, deadline);
		if (ret)
			break;
	}
	if (deadline)
		trace_highpt_pool_wait_end(pool->name, HIGHPT_TRACE_WAIT_RESERVE,
					   ktime_to_ns(ktime_sub(ktime_get(),
								 start)),
					   ret);
	if (ret) {
		pool->st.errors++;
	} else {
		pool->reserved += nr;
		pool->nr_reservations++;
		pool->st.reservations++;
		res->pool = pool;
		res->credits = nr;
		res->held = 0;
		trace_highpt_pool_reserve(pool->name, HIGHPT_TRACE_RESERVE_TAKEN,
					  nr, pool->reserved);
	}
	spin_unlock(&pool->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(highpt_reserve);

/**
 * highpt_unreserve() - give back what a reservation still sets aside
 * @res: a reservation with no mappings held
 *
 * Context: process context with interrupts enabled; does not sleep.
 * Return: 0; -EINVAL if @res is not reserved, -EBUSY while it still has
 * mappings (nothing changes), -EDEADLK with interrupts disabled or in
 * interrupt context.
 */
int highpt_unreserve(struct highpt_reservation *res)
{
	struct highpt_pool *pool;
	bool wake;

	if (!res || !res->pool)
		return -EINVAL;
	pool = res->pool;
	if (pool_check_context(pool))
		return -EDEADLK;
	pool_lock(pool);
	if (res->held) {
		pool->st.errors++;
		spin_unlock(&pool->lock);
		return -EBUSY;
	}
	pool->reserved -= res->credits;
	pool->nr_reservations--;
	trace_highpt_pool_reserve(pool->name, HIGHPT_TRACE_RESERVE_RETURNED,
				  res->credits, pool->reserved);
	/* Sleepers queue under pool->lock, so this cannot miss one. */
	wake = res->credits && waitqueue_active(&pool->wait);
	spin_unlock(&pool->lock);
	if (wake)
		wake_up(&pool->wait);
	res->pool = NULL;
	res->credits = 0;
	return 0;
}
EXPORT_SYMBOL_GPL(highpt_unreserve);
