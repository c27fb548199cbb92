/* watchdog.h — telling systemd (Type=notify, WatchdogSec=) that the kiosk is up and its
 * main loop is alive, through libsystemd's sd_notify. Without NOTIFY_SOCKET (a terminal,
 * tests, `make run`) every call does nothing. Main thread only. */
#ifndef WEGWIJS_WATCHDOG_H
#define WEGWIJS_WATCHDOG_H

/* READY=1: call once, after the first frame is on screen. Returns 1 if systemd was
 * told, 0 if not running under a notify socket, -1 on a send error (logged). */
int sys_watchdog_ready(void);

/* WATCHDOG=1, rate-limited: sends at most once per second (or per half WatchdogSec when
 * that is shorter), so the main loop may call it every frame. Call it from the loop
 * itself, after a frame or event batch was handled, never from a side thread: a
 * stuck loop must stop the pings. now_ms is util_now_ms(). Returns 1 if a ping was
 * sent, 0 if none was due or there is no socket, -1 on a send error. */
int sys_watchdog_ping(long long now_ms);

/* STATUS=<text> for `systemctl status wegwijs` (e.g. "showing pack azc-default v7").
 * Same returns as sys_watchdog_ready. */
int sys_watchdog_status(const char *text);

/* The minimum interval between pings in ms that sys_watchdog_ping uses (for tests). */
long long sys_watchdog_interval_ms(void);
#endif
