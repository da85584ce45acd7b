// The script of dartkit's HTML report: it draws each bundle's timeline
// as SVG from the JSON beside it, zooms and filters it, and opens a piece
// of evidence among its neighbours when it or its mark is clicked.
//
// Times are milliseconds of the wall clock the bundle wrote, held as UTC:
// they are formatted with the getUTC methods only, so that the browser's
// own zone never shifts them.
(function () {
	'use strict';
	var NS = 'http://www.w3.org/2000/svg';
	var T = JSON.parse(document.getElementById('dk-strings').textContent);
	var LABEL = 200, RIGHT = 14, ROW = 20, TOP = 18, AXIS = 24;
	var STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500,
		1e3, 2e3, 5e3, 10e3, 15e3, 30e3,
		60e3, 120e3, 300e3, 600e3, 900e3, 1800e3,
		3600e3, 7200e3, 10800e3, 21600e3, 43200e3,
		864e5, 1728e5, 6048e5, 12096e5, 2592e6, 7776e6, 31536e6];

	function svg(name, attrs, parent) {
		var e = document.createElementNS(NS, name);
		for (var k in attrs) {
			e.setAttribute(k, attrs[k]);
		}
		if (parent) {
			parent.appendChild(e);
		}
		return e;
	}

	function title(e, text) {
		svg('title', {}, e).textContent = text;
	}

	function pad(n, w) {
		var s = String(n);
		while (s.length < (w || 2)) {
			s = '0' + s;
		}
		return s;
	}

	function day(d) {
		return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate());
	}

	function clock(d, seconds, millis) {
		var s = pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
		if (seconds) {
			s += ':' + pad(d.getUTCSeconds());
		}
		if (millis) {
			s += '.' + pad(d.getUTCMilliseconds(), 3);
		}
		return s;
	}

	// fullTime formats ms as a date and a time of day.
	function fullTime(ms) {
		var d = new Date(ms);
		return day(d) + ' ' + clock(d, true, d.getUTCMilliseconds() !== 0);
	}

	// tickLabel formats a tick at ms, step apart from the others; withDay
	// adds the date.
	function tickLabel(ms, step, withDay) {
		var d = new Date(ms);
		if (step >= 864e5) {
			return day(d);
		}
		var s = clock(d, step < 60e3, step < 1e3);
		return withDay ? day(d) + ' ' + s : s;
	}

	function shorten(s, n) {
		return s.length > n ? s.slice(0, n - 1) + '…' : s;
	}

	// openEvidence shows an evidence record among its neighbours.
	function openEvidence(li, scroll) {
		var ctx = li.querySelector('.ctx');
		if (ctx) {
			ctx.hidden = false;
		}
		li.setAttribute('aria-expanded', 'true');
		if (scroll) {
			li.scrollIntoView({block: 'center'});
			li.classList.add('flash');
			li.focus({preventScroll: true});
			setTimeout(function () { li.classList.remove('flash'); }, 1600);
		}
	}

	function toggleEvidence(li) {
		var ctx = li.querySelector('.ctx');
		if (ctx && !ctx.hidden) {
			ctx.hidden = true;
			li.setAttribute('aria-expanded', 'false');
			return;
		}
		openEvidence(li, false);
	}

	function Timeline(sec, box, data) {
		this.sec = sec;
		this.box = box;
		this.plot = box.querySelector('.plot');
		this.d = data;
		this.hiddenSev = {};
		this.hiddenSrc = {};
		if (data) {
			this.v0 = data.v0;
			this.v1 = data.v1;
		}
		var self = this;
		box.querySelectorAll('input[data-filter]').forEach(function (input) {
			input.addEventListener('change', function () { self.filter(input); });
		});
		box.querySelectorAll('button[data-zoom]').forEach(function (b) {
			b.addEventListener('click', function () { self.zoom(b.getAttribute('data-zoom')); });
			b.disabled = !data;
		});
		if (data) {
			this.render();
			var pending = false;
			window.addEventListener('resize', function () {
				if (!pending) {
					pending = true;
					requestAnimationFrame(function () { pending = false; self.render(); });
				}
			});
		}
	}

	Timeline.prototype.filter = function (input) {
		var hidden = input.getAttribute('data-filter') === 'sev' ? this.hiddenSev : this.hiddenSrc;
		hidden[input.value] = !input.checked;
		if (input.getAttribute('data-filter') === 'sev') {
			this.sec.querySelectorAll('article.finding').forEach(function (a) {
				if (a.getAttribute('data-sev') === input.value) {
					a.hidden = !input.checked;
				}
			});
		}
		if (this.d) {
			this.render();
		}
	};

	Timeline.prototype.setView = function (a, b) {
		var d = this.d, full = d.t1 - d.t0, span = Math.max(b - a, Math.min(1000, full));
		if (span >= full) {
			this.v0 = d.t0;
			this.v1 = d.t1;
		} else {
			a = Math.min(Math.max(a, d.t0), d.t1 - span);
			this.v0 = a;
			this.v1 = a + span;
		}
		this.render();
	};

	Timeline.prototype.zoom = function (how) {
		var c = (this.v0 + this.v1) / 2, span = this.v1 - this.v0;
		if (how === 'in') {
			this.setView(c - span / 4, c + span / 4);
		} else if (how === 'out') {
			this.setView(c - span, c + span);
		} else {
			this.setView(this.d.v0, this.d.v1);
		}
	};

	// rows returns the rows to draw, in order: sources, findings, marks.
	Timeline.prototype.rows = function () {
		var d = this.d, rows = [], self = this;
		d.sources.forEach(function (s) {
			if (!self.hiddenSrc[s.name]) {
				rows.push({kind: 'source', src: s, label: s.label, title: s.label + ': ' + s.total + ' ' + T.records});
			}
		});
		d.findings.forEach(function (f) {
			if (!self.hiddenSev[f.sev] && f.marks.length > 0) {
				rows.push({kind: 'finding', f: f, label: f.label, title: f.label});
			}
		});
		var kinds = {};
		d.marks.forEach(function (m) { kinds[m.k] = true; });
		if (kinds.message && !this.hiddenSrc.message) {
			rows.push({kind: 'marks', kinds: ['message'], label: T.messages, title: T.messages});
		}
		var dns = ['dns-query', 'dns-failure'].filter(function (k) { return kinds[k] && !self.hiddenSrc[k]; });
		if (dns.length > 0) {
			var label = dns.length === 2 ? T.dnsQueries + ' / ' + T.dnsFailures : (dns[0] === 'dns-query' ? T.dnsQueries : T.dnsFailures);
			rows.push({kind: 'marks', kinds: dns, label: label, title: label});
		}
		return rows;
	};

	Timeline.prototype.render = function () {
		var d = this.d, self = this;
		var W = Math.max(this.plot.clientWidth || 0, 640);
		var rows = this.rows();
		var H = TOP + rows.length * ROW + AXIS;
		var x0 = LABEL, x1 = W - RIGHT, v0 = this.v0, v1 = this.v1;
		var X = function (t) { return x0 + (t - v0) / (v1 - v0) * (x1 - x0); };
		var root = svg('svg', {
			viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, role: 'img',
			'data-t0': v0, 'data-t1': v1, 'data-x0': x0, 'data-x1': x1
		});
		this.X = X;
		this.W = W;

		// The ticks and their grid lines.
		var step = STEPS[STEPS.length - 1], most = Math.max(2, Math.floor((x1 - x0) / 90));
		for (var i = 0; i < STEPS.length; i++) {
			if ((v1 - v0) / STEPS[i] <= most) {
				step = STEPS[i];
				break;
			}
		}
		var axis = svg('g', {'class': 'axis'}, root);
		var lastDay = '';
		for (var t = Math.ceil(v0 / step) * step; t <= v1; t += step) {
			var x = X(t);
			svg('line', {'class': 'tick', x1: x, x2: x, y1: TOP, y2: H - AXIS + 4}, axis);
			var dd = day(new Date(t));
			svg('text', {x: x, y: H - 8, 'text-anchor': 'middle'}, axis).textContent = tickLabel(t, step, dd !== lastDay);
			lastDay = dd;
		}

		// The area that brushing starts in, under the marks.
		var area = svg('rect', {x: x0, y: TOP, width: x1 - x0, height: Math.max(rows.length * ROW, 1), fill: 'transparent'}, root);

		rows.forEach(function (r, n) {
			var y = TOP + n * ROW;
			var g = svg('g', {'class': 'row ' + r.kind}, root);
			if (r.kind === 'source') {
				g.setAttribute('data-src', r.src.name);
			} else if (r.kind === 'finding') {
				g.setAttribute('data-sev', r.f.sev);
				g.setAttribute('data-finding', r.f.id);
			} else {
				g.setAttribute('data-src', r.kinds.join(' '));
			}
			if (n % 2 === 0) {
				svg('rect', {'class': 'rowbg', x: 0, y: y, width: W, height: ROW, 'pointer-events': 'none'}, g);
			}
			var label = svg('text', {'class': 'label', x: 4, y: y + ROW - 6}, g);
			label.textContent = shorten(r.label, 30);
			title(label, r.title);
			if (r.kind === 'source') {
				self.bars(g, r.src, y);
			} else if (r.kind === 'finding') {
				label.setAttribute('class', 'label zoomable');
				label.addEventListener('click', function () { self.fit(r.f); });
				self.evidenceMarks(g, r.f, y);
			} else {
				self.marks(g, r.kinds, y);
			}
		});

		// The time under the pointer, and the brush.
		var cursor = svg('line', {'class': 'cursor', y1: TOP, y2: H - AXIS, visibility: 'hidden', 'pointer-events': 'none'}, root);
		var readout = svg('text', {'class': 'readout', x: x1, y: 12, 'text-anchor': 'end'}, root);
		var brush = svg('rect', {'class': 'brush', y: TOP, height: rows.length * ROW, width: 0, visibility: 'hidden', 'pointer-events': 'none'}, root);
		var toUser = function (ev) {
			var box = root.getBoundingClientRect();
			return {x: (ev.clientX - box.left) * W / box.width, y: (ev.clientY - box.top) * H / box.height};
		};
		var timeAt = function (x) { return v0 + (x - x0) / (x1 - x0) * (v1 - v0); };
		var start = null;
		root.addEventListener('mousemove', function (ev) {
			var p = toUser(ev);
			if (p.x < x0 || p.x > x1) {
				cursor.setAttribute('visibility', 'hidden');
				readout.textContent = '';
				return;
			}
			cursor.setAttribute('x1', p.x);
			cursor.setAttribute('x2', p.x);
			cursor.setAttribute('visibility', 'visible');
			var t = timeAt(p.x), text = fullTime(Math.round(t));
			var r = rows[Math.floor((p.y - TOP) / ROW)];
			if (r && r.kind === 'source' && d.bin > 0) {
				var b = Math.floor((t - d.start) / d.bin);
				var c = b >= 0 && b < r.src.counts.length ? r.src.counts[b] : 0;
				text = r.src.label + ': ' + c + ' ' + T.records + ', ' + fullTime(d.start + b * d.bin) + ' – ' + fullTime(d.start + (b + 1) * d.bin);
			}
			readout.textContent = text;
			if (start !== null) {
				var a = Math.max(Math.min(start, p.x), x0), e = Math.min(Math.max(start, p.x), x1);
				brush.setAttribute('x', a);
				brush.setAttribute('width', e - a);
			}
		});
		root.addEventListener('mouseleave', function () {
			cursor.setAttribute('visibility', 'hidden');
			readout.textContent = '';
		});
		area.addEventListener('mousedown', function (ev) {
			ev.preventDefault();
			start = toUser(ev).x;
			brush.setAttribute('x', start);
			brush.setAttribute('width', 0);
			brush.setAttribute('visibility', 'visible');
			var up = function (e) {
				window.removeEventListener('mouseup', up);
				var end = Math.min(Math.max(toUser(e).x, x0), x1), a = Math.min(start, end), b = Math.max(start, end);
				start = null;
				brush.setAttribute('visibility', 'hidden');
				if (b - a >= 4) {
					self.setView(timeAt(a), timeAt(b));
				}
			};
			window.addEventListener('mouseup', up);
		});

		this.plot.replaceChildren(root);
	};

	// bars draws a source's records per bin in the row at y: a bar per bin
	// wide enough to see, the largest count of a pixel's bins otherwise.
	Timeline.prototype.bars = function (g, src, y) {
		var d = this.d, X = this.X, x0 = LABEL, x1 = this.W - RIGHT;
		var most = 0;
		src.counts.forEach(function (c) { most = Math.max(most, c); });
		if (most === 0) {
			return;
		}
		var h = function (c) { return Math.max(1.5, Math.sqrt(c / most) * (ROW - 5)); };
		var base = y + ROW - 2, path = [], cols = {};
		var first = Math.max(0, Math.floor((this.v0 - d.start) / d.bin));
		var last = Math.min(src.counts.length - 1, Math.ceil((this.v1 - d.start) / d.bin));
		for (var i = first; i <= last; i++) {
			var c = src.counts[i];
			if (!c) {
				continue;
			}
			var a = Math.max(X(d.start + i * d.bin), x0), b = Math.min(X(d.start + (i + 1) * d.bin), x1);
			if (b <= a) {
				continue;
			}
			if (b - a >= 1.5) {
				path.push('M' + a.toFixed(2) + ' ' + base + 'h' + (b - a - 0.3).toFixed(2) + 'v' + (-h(c)).toFixed(2) + 'H' + a.toFixed(2) + 'z');
			} else {
				var col = Math.floor(a);
				cols[col] = Math.max(cols[col] || 0, c);
			}
		}
		for (var k in cols) {
			path.push('M' + k + ' ' + base + 'h1v' + (-h(cols[k])).toFixed(2) + 'h-1z');
		}
		svg('path', {'class': 'bars', d: path.join('') || 'M0 0', 'pointer-events': 'none'}, g);
	};

	// evidenceMarks draws a mark per timed evidence record of finding f.
	Timeline.prototype.evidenceMarks = function (g, f, y) {
		var X = this.X, v0 = this.v0, v1 = this.v1, sec = this.sec;
		f.marks.forEach(function (m, i) {
			if (m.t < v0 || m.t > v1) {
				return;
			}
			var gap = i > 0 ? '  (+' + ((m.t - f.marks[i - 1].t) / 1000).toFixed(1) + ' s)' : '';
			var x = X(m.t).toFixed(2);
			var mg = svg('g', {'class': 'evmark', 'data-t': m.t, 'data-ev': m.ev, 'data-sev': f.sev, 'data-x': x}, g);
			svg('line', {'class': 'mark ev sev-' + f.sev, x1: x, x2: x, y1: y + 3, y2: y + ROW - 3}, mg);
			svg('line', {'class': 'hit', x1: x, x2: x, y1: y + 2, y2: y + ROW - 2}, mg);
			var li = document.getElementById(m.ev);
			var text = li ? li.querySelector('.ev-text').textContent : '';
			title(mg, fullTime(m.t) + gap + '  ' + text);
			mg.addEventListener('click', function () {
				var li = document.getElementById(m.ev);
				if (li && sec.contains(li)) {
					openEvidence(li, true);
				}
			});
		});
	};

	// marks draws the timeline's marks of the given kinds.
	Timeline.prototype.marks = function (g, kinds, y) {
		var X = this.X, v0 = this.v0, v1 = this.v1;
		this.d.marks.forEach(function (m) {
			if (kinds.indexOf(m.k) < 0 || m.t < v0 || m.t > v1) {
				return;
			}
			var x = X(m.t).toFixed(2);
			var tall = m.k !== 'dns-query';
			var mg = svg('g', {'class': 'tlmark', 'data-t': m.t, 'data-kind': m.k, 'data-x': x}, g);
			svg('line', {'class': 'mark ' + m.k, x1: x, x2: x, y1: y + (tall ? 3 : 8), y2: y + ROW - 3}, mg);
			svg('line', {'class': 'hit', x1: x, x2: x, y1: y + 2, y2: y + ROW - 2}, mg);
			title(mg, fullTime(m.t) + '  ' + m.text + (m.loc ? '  (' + m.loc + ')' : ''));
		});
	};

	// fit zooms to the evidence of finding f.
	Timeline.prototype.fit = function (f) {
		var a = Infinity, b = -Infinity;
		f.marks.forEach(function (m) { a = Math.min(a, m.t); b = Math.max(b, m.t); });
		if (a > b) {
			return;
		}
		var margin = Math.max((b - a) * 0.08, 5000);
		this.setView(a - margin, b + margin);
	};

	document.querySelectorAll('section.bundle').forEach(function (sec) {
		sec.querySelectorAll('li.ev').forEach(function (li) {
			li.addEventListener('click', function (ev) {
				if (!ev.target.closest('.ctx')) {
					toggleEvidence(li);
				}
			});
			li.addEventListener('keydown', function (ev) {
				if (ev.target === li && (ev.key === 'Enter' || ev.key === ' ')) {
					ev.preventDefault();
					toggleEvidence(li);
				}
			});
		});
		var box = sec.querySelector('.timeline');
		if (box) {
			var el = box.querySelector('script.tl-data');
			new Timeline(sec, box, el ? JSON.parse(el.textContent) : null);
		}
	});
})();
