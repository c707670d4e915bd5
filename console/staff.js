// Staff management in the console (admins): who works in the shop, in which role, who has
// not joined yet; invitations by e-mail, role changes, deactivation.
import { makeApi } from '/assets/api.js';
import { apply, extend, showError, t, when } from '/assets/i18n.js';
import { $, el } from '/assets/dom.js';
import { me, may } from '/console/may.js';

const ROLES = ['operator', 'marketing', 'manager', 'admin'];

extend({
  en: {
    'staff.tab': 'Staff', 'staff.intro': 'Invite people by e-mail: they set their own password from the link (valid 72 hours). A change of role or a deactivation signs them out within a minute.',
    'staff.role': 'Role', 'staff.state': 'State', 'staff.invite': 'Invite a staff member', 'staff.language': 'Language of the mail', 'staff.send': 'Send the invitation',
    'staff.role.operator': 'Operator (orders, production)', 'staff.role.marketing': 'Marketing (promos, vouchers)', 'staff.role.manager': 'Manager (dashboard, read-only)', 'staff.role.admin': 'Admin (everything)',
    'staff.active': 'Active', 'staff.inactive': 'Deactivated', 'staff.invited': 'Invited, has not joined', 'staff.twoStep': 'two-step sign-in on', 'staff.you': 'you',
    'staff.deactivate': 'Deactivate', 'staff.reactivate': 'Reactivate', 'staff.resend': 'Send the invitation again', 'staff.since': 'since',
    'staff.sent': 'Invitation sent to {email}.', 'staff.resent': 'A new invitation went to {email}.', 'staff.saved': '{name} is now: {state}.',
    'staff.confirmOff': 'Deactivate {name}? They are signed out within a minute and cannot sign in until reactivated.',
    'staff.roleOf': 'Role of {name}',
    'staff.own_account': 'You cannot change your own role or deactivate yourself: ask another admin.',
    'staff.already_joined': 'They have already set a password; if they forgot it, "Forgot password?" on the sign-in page sends a new link.',
    'staff.email_taken': 'An account (customer or staff) already uses this address.',
    'digest.title': 'E-mail about new work', 'digest.mode': 'Mail staff when new work comes', 'digest.off': 'Off', 'digest.each': 'Each time (within 5 minutes)', 'digest.hourly': 'At most once an hour',
    'digest.help': 'Each active staff member hears only of the work their role does (orders, payment proofs, registrations, messages), with what waits in all.',
  },
  id: {
    'staff.tab': 'Staf', 'staff.intro': 'Undang orang lewat e-mail: mereka membuat kata sandi sendiri dari tautannya (berlaku 72 jam). Perubahan peran atau penonaktifan membuat mereka keluar dalam satu menit.',
    'staff.role': 'Peran', 'staff.state': 'Status', 'staff.invite': 'Undang anggota staf', 'staff.language': 'Bahasa e-mail', 'staff.send': 'Kirim undangan',
    'staff.role.operator': 'Operator (pesanan, produksi)', 'staff.role.marketing': 'Pemasaran (promo, voucher)', 'staff.role.manager': 'Manajer (dasbor, hanya baca)', 'staff.role.admin': 'Admin (semuanya)',
    'staff.active': 'Aktif', 'staff.inactive': 'Dinonaktifkan', 'staff.invited': 'Diundang, belum bergabung', 'staff.twoStep': 'verifikasi dua langkah aktif', 'staff.you': 'Anda',
    'staff.deactivate': 'Nonaktifkan', 'staff.reactivate': 'Aktifkan lagi', 'staff.resend': 'Kirim ulang undangan', 'staff.since': 'sejak',
    'staff.sent': 'Undangan terkirim ke {email}.', 'staff.resent': 'Undangan baru terkirim ke {email}.', 'staff.saved': '{name} sekarang: {state}.',
    'staff.confirmOff': 'Nonaktifkan {name}? Dalam satu menit ia keluar dan tidak bisa masuk sampai diaktifkan lagi.',
    'staff.roleOf': 'Peran {name}',
    'staff.own_account': 'Anda tidak dapat mengubah peran sendiri atau menonaktifkan diri sendiri: minta admin lain.',
    'staff.already_joined': 'Ia sudah membuat kata sandi; jika lupa, "Lupa kata sandi?" di halaman masuk mengirim tautan baru.',
    'staff.email_taken': 'Alamat ini sudah dipakai sebuah akun (pelanggan atau staf).',
    'digest.title': 'E-mail tentang pekerjaan baru', 'digest.mode': 'Kirim e-mail ke staf saat ada pekerjaan baru', 'digest.off': 'Tidak', 'digest.each': 'Setiap kali (dalam 5 menit)', 'digest.hourly': 'Paling sering sejam sekali',
    'digest.help': 'Setiap staf aktif hanya diberi tahu pekerjaan sesuai perannya (pesanan, bukti bayar, pendaftaran, pesan), beserta semua yang menunggu.',
  },
});

const api = makeApi('toko.console.token');
const explain = (err) => {
  if (['own_account', 'already_joined', 'email_taken'].includes(err.code)) err.message = t(`staff.${err.code}`);
  return err;
};
const done = (text) => { $('#staff-done').textContent = text; $('#staff-done').hidden = false; };
const state = (m) => (!m.active ? t('staff.inactive') : m.joined ? t('staff.active') : t('staff.invited'));

function roleSelect(select, current) {
  select.replaceChildren(...ROLES.map((r) => el('option', { value: r, textContent: t(`staff.role.${r}`), selected: r === current })));
  return select;
}

function row(m) {
  const self = m.id === me()?.id;
  const who = el('td', {}, el('strong', { textContent: m.name }), el('div', { className: 'break muted', textContent: m.email }));
  if (self) who.firstChild.append(` (${t('staff.you')})`);
  const role = roleSelect(el('select', { disabled: self }), m.role);
  role.setAttribute('aria-label', t('staff.roleOf', { name: m.name }));
  const status = el('td', {}, el('span', { className: `notice ${m.active ? (m.joined ? 'approved' : 'pending') : 'rejected'}`, textContent: state(m) }),
    el('div', { className: 'muted', textContent: `${t('staff.since')} ${when(m.createdAt)}${m.twoFactor ? ` · ${t('staff.twoStep')}` : ''}` }));
  const actions = el('div', { className: 'row-actions' });
  const change = async (body) => {
    $('#staff-error').hidden = true;
    $('#staff-done').hidden = true;
    try {
      const after = await api.request('PUT', `/admin/staff/${encodeURIComponent(m.id)}`, body);
      done(t('staff.saved', { name: after.name, state: `${t(`staff.role.${after.role}`)} · ${state(after)}` }));
    } catch (err) {
      explain(err);
      $('#staff-error').textContent = err.message;
      $('#staff-error').hidden = false;
    }
    await load();
  };
  role.addEventListener('change', () => change({ role: role.value }));
  if (!self) {
    const toggle = el('button', { type: 'button', className: m.active ? 'btn danger' : 'btn light', textContent: t(m.active ? 'staff.deactivate' : 'staff.reactivate') });
    toggle.dataset.action = m.active ? 'deactivate' : 'reactivate';
    toggle.addEventListener('click', () => {
      if (m.active && !confirm(t('staff.confirmOff', { name: m.name }))) return;
      change({ active: !m.active });
    });
    actions.append(toggle);
  }
  if (!m.joined && m.active) {
    const resend = el('button', { type: 'button', className: 'btn light', textContent: t('staff.resend') });
    resend.dataset.action = 'resend';
    resend.addEventListener('click', async () => {
      try {
        await api.post(`/admin/staff/${encodeURIComponent(m.id)}/invite`);
        done(t('staff.resent', { email: m.email }));
      } catch (err) {
        explain(err);
        $('#staff-error').textContent = err.message;
        $('#staff-error').hidden = false;
      }
    });
    actions.append(resend);
  }
  const tr = el('tr', {}, who, el('td', {}, role), status, el('td', {}, actions));
  tr.dataset.staffId = m.id;
  return tr;
}

async function load() {
  if (!may('staff')) return;
  try {
    const { items } = await api.get('/admin/staff');
    $('#staff-rows').replaceChildren(...items.map(row));
  } catch (err) {
    $('#staff-error').textContent = err.status === 0 ? t('error.network') : err.message;
    $('#staff-error').hidden = false;
  }
}

$('#staff-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.target;
  form.querySelector('.form-error').hidden = true;
  $('#staff-done').hidden = true;
  try {
    const m = await api.post('/admin/staff', Object.fromEntries(new FormData(form)));
    form.reset();
    done(t('staff.sent', { email: m.email }));
    await load();
  } catch (err) {
    showError(form, explain(err));
  }
});

$('#digest-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.target;
  form.querySelector('.form-error').hidden = true;
  $('#digest-saved').hidden = true;
  try {
    await api.request('PUT', '/admin/settings/digest', { mode: $('#digest-mode').value });
    $('#digest-saved').hidden = false;
  } catch (err) {
    showError(form, err);
  }
});

async function loadDigest() {
  $('#digest-form').hidden = !may('settings');
  if (!may('settings')) return;
  const select = $('#digest-mode');
  delete select.dataset.touched;
  try {
    const { mode } = await api.get('/admin/settings/digest');
    // A choice made while the setting was on its way is kept.
    if (!select.dataset.touched) select.value = mode;
    select.dataset.loaded = '1';
  } catch { /* the form keeps its value */ }
}
$('#digest-mode').addEventListener('change', (e) => { e.target.dataset.touched = '1'; });

document.addEventListener('toko:staff', () => { $('#staff-done').hidden = true; $('#digest-saved').hidden = true; roleSelect($('#staff-role'), 'operator'); load(); loadDigest(); });
document.querySelectorAll('[data-lang]').forEach((b) => b.addEventListener('click', () => setTimeout(() => apply($('#staff-view')))));
