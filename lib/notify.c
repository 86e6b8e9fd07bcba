#include "lib/notify.h"

#include <stdarg.h>
#include <stdio.h>
#include <systemd/sd-daemon.h>

void notify_ready(void)     { sd_notify(0, "READY=1"); }
void notify_reloading(void) { sd_notify(0, "RELOADING=1"); }
void notify_stopping(void)  { sd_notify(0, "STOPPING=1"); }

void notify_status(const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	sd_notifyf(0, "STATUS=%s", msg);
}
