/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_CTL_H
#define _HIGHPT_CTL_H

struct dentry;

int highpt_ctl_init(struct dentry *dir);

#endif /* _HIGHPT_CTL_H */
