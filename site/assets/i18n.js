// English and Indonesian strings. Elements carry data-i18n="key" (text) or
// data-i18n-placeholder="key"; apply() fills them in the chosen language.
const dict = {
  en: {
    'details.title': 'Your details', 'details.whatsapp': 'WhatsApp number (optional)', 'details.locale': 'Language of our e-mails', 'details.save': 'Save my details', 'details.saved': 'Saved.',
    'verify.title': 'Confirm your e-mail address', 'verify.done': 'Thank you: your e-mail address is confirmed.', 'reviews.former': 'a former customer', 'verify.changed': 'Done: your account now uses this address. Sign in with it from now on.', 'delete.title': 'Delete my account', 'delete.doneTitle': 'Account deleted', 'verify.doneTitle': 'E-mail address confirmed', 'delete.done': 'Your account was deleted. Thank you for shopping with us.', 'verify.invalid': 'This link does not work any more: it expired (links work for 7 days) or it was already used. Sign in and send yourself a new one from your account page.', 'verify.pending': 'Please confirm your e-mail address with the link we sent to it. Until then the shop sends you no promotions.', 'verify.resend': 'Send the link again', 'verify.resent': 'Sent: please look in your mailbox.',
    'forgot.link': 'Forgot your password?', 'forgot.title': 'Set a new password', 'forgot.help': 'Type the address you registered with: we will mail you a link to set a new password.', 'forgot.submit': 'Send the link', 'forgot.sent': 'Done: a mail is on its way to that address. The link in it works once, for 30 minutes.', 'forgot.again': 'Ask for a new link',
    'reset.title': 'Choose a new password', 'reset.password': 'New password (at least 8 characters)', 'reset.submit': 'Save the new password', 'reset.done': 'Your new password is set, and every device was signed out.', 'reset.invalid': 'This link does not work any more: it was used, it expired, or it is incomplete.', 'reset.welcome': 'Welcome: choose your password', 'reset.staffDone': 'Your password is set. Sign in to the console with your e-mail address.', 'reset.console': 'Open the console',
    'password.change': 'Change password', 'password.current': 'Current password', 'password.new': 'New password (at least 8 characters)', 'password.save': 'Change password', 'password.done': 'Your password is changed; your other devices were signed out.', 'password.wrong': 'The current password is wrong.',
    'points.title': 'Points', 'points.balance': 'points', 'points.unit': 'points', 'points.empty': 'No points yet: completed orders earn them.',
    'points.earned': 'Earned', 'points.spent': 'Spent', 'points.reversed': 'Returned', 'points.expired': 'Expired', 'points.adjusted': 'Adjusted by the shop', 'points.expires': 'expire',
    'points.earnRule': 'You earn 1 point for every {per} of a completed order.', 'points.spendRule': 'At checkout each point takes {value} off, up to {share}% of the goods.', 'points.expiryRule': 'Points expire {months} months after you earn them.',
    'points.use': 'Use points', 'points.useLabel': 'Points to use (you have {balance})', 'points.useLabelMax': 'Points to use (you have {balance}; this cart takes up to {max})', 'invoice.codeNote': 'the total plus the unique code {code}, so the shop knows the transfer is yours', 'points.earnedOrder': 'This order earned you {n} points.',
    'points.points_not_enough': 'You do not have that many points.', 'points.points_over_limit': 'This cart cannot take that many points.', 'points.points_disabled': 'This shop does not take points at checkout.',
    'invoice.title': 'Invoice', 'invoice.view': 'Invoice', 'invoice.pdf': 'Download PDF', 'invoice.print': 'Print', 'invoice.back': 'Back to the order', 'invoice.tax': 'Tax number', 'invoice.payment': 'Payment',
    'invoice.billTo': 'Bill to', 'invoice.shipTo': 'Ship to', 'invoice.item': 'Item', 'invoice.qty': 'Qty', 'invoice.price': 'Unit price', 'invoice.amount': 'Amount', 'invoice.promos': 'Promo discounts',
    'invoice.not_due': 'waiting for the shop\'s confirmation', 'invoice.unpaid': 'not paid yet', 'invoice.overdue': 'overdue', 'invoice.paid': 'paid', 'invoice.void': 'void (order rejected or cancelled)',
    'nav.products': 'Products', 'nav.cart': 'Cart', 'nav.orders': 'My orders', 'nav.inbox': 'Inbox',
    'products.title': 'Products and services', 'products.newest': 'Newest first', 'products.byName': 'By name', 'products.all': 'All', 'products.add': 'Add to cart', 'products.added': 'Added to your cart.',
    'cart.title': 'Your cart', 'cart.empty': 'Your cart is empty.', 'cart.subtotal': 'Subtotal',
    'cart.address': 'Shipping address', 'field.recipient': 'Recipient', 'field.street': 'Street and number', 'field.city': 'City or regency', 'field.recipientPhone': 'Recipient\'s phone', 'field.district': 'Village and district (kelurahan, kecamatan; optional)', 'field.province': 'Province (optional)', 'field.postalCode': 'Postal code', 'field.note': 'Note for the shop (optional)',
    'cart.checkout': 'Place order', 'cart.full': 'Your basket is full: 5 orders are waiting for confirmation. Please wait for the shop, or cancel one.',
    'cart.signin': 'Sign in with an approved account to order.', 'cart.remove': 'Remove',
    'orders.title': 'My orders', 'orders.empty': 'No orders yet.', 'orders.pending': 'unconfirmed', 'orders.cancel': 'Cancel order', 'orders.cancelSure': 'Cancel this order? The shop will not make it.', 'orders.tracking': 'Tracking number',
    'orders.shipping': 'Shipping', 'orders.total': 'Total', 'orders.history': 'Status history',
    'files.title': 'Files', 'files.help': 'Design files: PDF, AI, EPS, PSD, SVG, CDR, TIFF, PNG, JPEG or ZIP, up to 500 MB each. Payment proof: JPEG, PNG or PDF, up to 10 MB, once the order is accepted.', 'files.addDesign': 'Add design files', 'files.addProof': 'Send payment proof', 'files.design': 'Design', 'files.payment_proof': 'Payment proof', 'files.awaiting_upload': 'Uploading…', 'files.uploaded': 'Received', 'files.rejected': 'Rejected', 'files.download': 'Download', 'files.count': 'files', 'files.proof': 'Payment proof to check',
    'reviews.title': 'Reviews', 'reviews.empty': 'No reviews yet.', 'reviews.write': 'Review what you bought', 'reviews.send': 'Send review', 'reviews.comment': 'Your comment (optional)', 'reviews.thanks': 'Thank you for your review!', 'reviews.count': 'reviews',
    'promos.title': 'Promotions', 'promos.all': 'All promotions', 'promos.none': 'No promotions are running right now.', 'nav.promos': 'Promotions', 'promos.until': 'until', 'promos.off': 'off', 'promos.offEach': 'off each', 'promos.from': 'from', 'promos.units': 'units', 'promos.unit': 'unit', 'orders.discount': 'Discount', 'payment.transfer': 'Please transfer exactly', 'payment.by': 'by', 'payment.code': 'The last three digits tell the shop the transfer is for this order:', 'payment.noAccounts': 'The shop will tell you which account to pay into.', 'payment.overdueCustomer': 'The payment deadline has passed: please pay or contact the shop.', 'payment.overdue': 'payment overdue', 'payment.expect': 'to pay', 'payment.settings': 'Payment by transfer: bank accounts and deadline', 'payment.accountsHelp': 'Bank accounts, one per line: bank | number | holder', 'payment.windowHours': 'Hours to pay after acceptance', 'payment.saved': 'Saved. Orders accepted from now on show these.', 'voucher.label': 'Voucher', 'voucher.apply': 'Apply',
    'voucher.voucher_unknown': 'There is no voucher with this code.', 'voucher.voucher_disabled': 'This voucher is no longer valid.', 'voucher.voucher_not_started': 'This voucher is not valid yet.', 'voucher.voucher_expired': 'This voucher has expired.', 'voucher.voucher_used_up': 'This voucher has been used up.', 'voucher.voucher_already_used': 'You have already used this voucher.', 'voucher.voucher_first_order_only': 'This voucher is for a first order only.', 'voucher.voucher_minimum_not_met': 'Your cart does not reach this voucher\'s minimum spend yet.', 'voucher.voucher_not_applicable': 'This voucher does not cover any item in your cart.',
    'inbox.title': 'Inbox', 'inbox.write': 'Write to the shop', 'inbox.kind': 'About', 'inbox.subject': 'Subject', 'inbox.body': 'Message', 'inbox.send': 'Send', 'inbox.you': 'You', 'inbox.shop': 'Shop', 'kind.question': 'A question', 'kind.suggestion': 'A suggestion', 'kind.critique': 'Critique', 'kind.complaint': 'A complaint', 'inbox.empty': 'No messages.', 'inbox.markread': 'Mark as read',
    'st.pending': 'Waiting for confirmation', 'st.accepted': 'Accepted', 'st.rejected': 'Not accepted', 'st.cancelled': 'Cancelled', 'st.paid': 'Paid', 'st.in_production': 'In production', 'st.shipped': 'Shipped', 'st.completed': 'Completed',
    'nav.home': 'Home', 'nav.register': 'Register', 'nav.login': 'Sign in', 'nav.account': 'My account', 'nav.logout': 'Sign out',
    'hero.title': 'Print, design and computers — ordered online',
    'hero.text': 'Order printing, design work, computers and accessories from one place. Send your design files, follow every order, and hear from us without digging through spam.',
    'hero.cta': 'Create an account',
    'profile.title': 'About us',
    'profile.text': 'Toko is a family-run print and design studio and computer store serving offices, schools and small businesses since 2009. We print everything from business cards to banners, design logos and packaging, and sell and install computers, printers and accessories.',
    'howto.title': 'How to buy',
    'howto.1': 'Register an account. We check new accounts within one working day.',
    'howto.2': 'Once approved, fill your cart and check out with your shipping address.',
    'howto.3': 'Upload your design files to the order; we confirm it and tell you the total.',
    'howto.4': 'Pay and upload the proof; follow production and shipping in your account.',
    'faq.title': 'Questions',
    'faq.q1': 'Why must my account be approved?', 'faq.a1': 'We produce to order, so we confirm every new customer before the first order. You can sign in while you wait.',
    'faq.q2': 'Which file formats can I send?', 'faq.a2': 'PDF, AI, EPS, PSD, SVG, CDR, TIFF, PNG, JPEG or ZIP, up to 500 MB per file.',
    'faq.q3': 'How many orders can wait for confirmation?', 'faq.a3': 'Up to five unconfirmed orders at a time; we confirm them quickly.',
    'contact.title': 'Contact', 'cat.computers': 'Computers', 'cat.accessories': 'Accessories', 'cat.printers': 'Printers', 'cat.printing': 'Printing', 'cat.design': 'Design', 'cat.installation': 'Installation',
    'register.title': 'Create your account', 'field.name': 'Full name or company', 'field.email': 'E-mail', 'field.password': 'Password',
    'field.phone': 'Phone (optional)', 'field.optin': 'Send me promotions by e-mail', 'register.submit': 'Register',
    'register.done': 'Thank you! Please confirm your e-mail address with the link we just sent you. Your account is waiting for the shop\'s approval. We will e-mail you.',
    'login.title': 'Sign in', 'login.submit': 'Sign in', 'login.noaccount': 'No account yet?',
    'account.title': 'My account', 'account.status': 'Account status',
    'status.pending': 'Waiting for approval', 'status.approved': 'Approved', 'status.rejected': 'Not approved',
    'account.pending.text': 'The shop has not approved your account yet. You can browse, but ordering and messages open once you are approved.',
    'account.approved.text': 'Your account is approved: you can order and message the shop.',
    'account.rejected.text': 'Your registration was not approved. Please contact us if you think this is a mistake.',
    'account.pendingOrders': 'Unconfirmed orders', 'account.unread': 'Unread messages',
    'error.generic': 'Something went wrong. Please try again.', 'error.network': 'Cannot reach the shop. Check your connection.', 'error.unavailable': 'The shop cannot answer right now. Please try again in a moment.', 'error.retry': 'Try again',
    'console.more': 'Load more',
  },
  id: {
    'details.title': 'Data Anda', 'details.whatsapp': 'Nomor WhatsApp (opsional)', 'details.locale': 'Bahasa e-mail kami', 'details.save': 'Simpan data saya', 'details.saved': 'Tersimpan.',
    'verify.title': 'Konfirmasi alamat e-mail Anda', 'verify.done': 'Terima kasih: alamat e-mail Anda sudah dikonfirmasi.', 'reviews.former': 'mantan pelanggan', 'verify.changed': 'Selesai: akun Anda kini memakai alamat ini. Masuk dengan alamat ini mulai sekarang.', 'delete.title': 'Hapus akun saya', 'delete.doneTitle': 'Akun telah dihapus', 'verify.doneTitle': 'Alamat e-mail sudah dikonfirmasi', 'delete.done': 'Akun Anda telah dihapus. Terima kasih telah berbelanja di sini.', 'verify.invalid': 'Tautan ini sudah tidak berlaku: kedaluwarsa (tautan berlaku 7 hari) atau sudah dipakai. Masuklah dan kirim tautan baru dari halaman akun Anda.', 'verify.pending': 'Mohon konfirmasi alamat e-mail Anda lewat tautan yang kami kirim. Sebelum itu toko tidak mengirimi Anda promo.', 'verify.resend': 'Kirim ulang tautan', 'verify.resent': 'Terkirim: silakan periksa kotak masuk Anda.',
    'forgot.link': 'Lupa kata sandi?', 'forgot.title': 'Buat kata sandi baru', 'forgot.help': 'Ketik alamat e-mail yang Anda daftarkan: kami akan mengirim tautan untuk membuat kata sandi baru.', 'forgot.submit': 'Kirim tautan', 'forgot.sent': 'Selesai: e-mail sedang dikirim ke alamat itu. Tautannya hanya berlaku sekali, selama 30 menit.', 'forgot.again': 'Minta tautan baru',
    'reset.title': 'Pilih kata sandi baru', 'reset.password': 'Kata sandi baru (minimal 8 karakter)', 'reset.submit': 'Simpan kata sandi baru', 'reset.done': 'Kata sandi baru Anda sudah tersimpan, dan semua perangkat telah dikeluarkan.', 'reset.invalid': 'Tautan ini sudah tidak berlaku: sudah dipakai, kedaluwarsa, atau tidak lengkap.', 'reset.welcome': 'Selamat datang: buat kata sandi Anda', 'reset.staffDone': 'Kata sandi Anda sudah tersimpan. Masuk ke konsol dengan alamat e-mail Anda.', 'reset.console': 'Buka konsol',
    'password.change': 'Ubah kata sandi', 'password.current': 'Kata sandi sekarang', 'password.new': 'Kata sandi baru (minimal 8 karakter)', 'password.save': 'Ubah kata sandi', 'password.done': 'Kata sandi Anda sudah diubah; perangkat lain telah dikeluarkan.', 'password.wrong': 'Kata sandi sekarang salah.',
    'points.title': 'Poin', 'points.balance': 'poin', 'points.unit': 'poin', 'points.empty': 'Belum ada poin: pesanan yang selesai memberi poin.',
    'points.earned': 'Didapat', 'points.spent': 'Dipakai', 'points.reversed': 'Dikembalikan', 'points.expired': 'Hangus', 'points.adjusted': 'Disesuaikan oleh toko', 'points.expires': 'hangus',
    'points.earnRule': 'Anda mendapat 1 poin untuk setiap {per} dari pesanan yang selesai.', 'points.spendRule': 'Saat checkout, setiap poin memotong {value}, paling banyak {share}% dari harga barang.', 'points.expiryRule': 'Poin hangus {months} bulan setelah didapat.',
    'points.use': 'Pakai poin', 'points.useLabel': 'Poin yang dipakai (Anda punya {balance})', 'points.useLabelMax': 'Poin yang dipakai (Anda punya {balance}; keranjang ini paling banyak {max})', 'invoice.codeNote': 'total ditambah kode unik {code}, agar toko tahu transfer itu dari Anda', 'points.earnedOrder': 'Pesanan ini memberi Anda {n} poin.',
    'points.points_not_enough': 'Poin Anda tidak cukup.', 'points.points_over_limit': 'Keranjang ini tidak bisa memakai poin sebanyak itu.', 'points.points_disabled': 'Toko ini tidak menerima poin saat checkout.',
    'invoice.title': 'Faktur', 'invoice.view': 'Faktur', 'invoice.pdf': 'Unduh PDF', 'invoice.print': 'Cetak', 'invoice.back': 'Kembali ke pesanan', 'invoice.tax': 'NPWP', 'invoice.payment': 'Pembayaran',
    'invoice.billTo': 'Ditagihkan kepada', 'invoice.shipTo': 'Dikirim ke', 'invoice.item': 'Barang', 'invoice.qty': 'Qty', 'invoice.price': 'Harga satuan', 'invoice.amount': 'Jumlah', 'invoice.promos': 'Diskon promo',
    'invoice.not_due': 'menunggu konfirmasi toko', 'invoice.unpaid': 'belum dibayar', 'invoice.overdue': 'lewat batas waktu', 'invoice.paid': 'lunas', 'invoice.void': 'batal (pesanan ditolak atau dibatalkan)',
    'nav.products': 'Produk', 'nav.cart': 'Keranjang', 'nav.orders': 'Pesanan saya', 'nav.inbox': 'Kotak masuk',
    'products.title': 'Produk dan layanan', 'products.newest': 'Terbaru', 'products.byName': 'Menurut nama', 'products.all': 'Semua', 'products.add': 'Tambah ke keranjang', 'products.added': 'Ditambahkan ke keranjang.',
    'cart.title': 'Keranjang Anda', 'cart.empty': 'Keranjang Anda kosong.', 'cart.subtotal': 'Subtotal',
    'cart.address': 'Alamat pengiriman', 'field.recipient': 'Penerima', 'field.street': 'Jalan dan nomor', 'field.city': 'Kota atau kabupaten', 'field.recipientPhone': 'Telepon penerima', 'field.district': 'Kelurahan dan kecamatan (opsional)', 'field.province': 'Provinsi (opsional)', 'field.postalCode': 'Kode pos', 'field.note': 'Catatan untuk toko (opsional)',
    'cart.checkout': 'Buat pesanan', 'cart.full': 'Keranjang penuh: 5 pesanan menunggu konfirmasi. Tunggu konfirmasi toko atau batalkan salah satu.',
    'cart.signin': 'Masuk dengan akun yang sudah disetujui untuk memesan.', 'cart.remove': 'Hapus',
    'orders.title': 'Pesanan saya', 'orders.empty': 'Belum ada pesanan.', 'orders.pending': 'belum dikonfirmasi', 'orders.cancel': 'Batalkan pesanan', 'orders.cancelSure': 'Batalkan pesanan ini? Toko tidak akan membuatnya.', 'orders.tracking': 'Nomor resi',
    'orders.shipping': 'Ongkos kirim', 'orders.total': 'Total', 'orders.history': 'Riwayat status',
    'files.title': 'File', 'files.help': 'File desain: PDF, AI, EPS, PSD, SVG, CDR, TIFF, PNG, JPEG, atau ZIP, maks. 500 MB per file. Bukti pembayaran: JPEG, PNG, atau PDF, maks. 10 MB, setelah pesanan diterima.', 'files.addDesign': 'Tambah file desain', 'files.addProof': 'Kirim bukti pembayaran', 'files.design': 'Desain', 'files.payment_proof': 'Bukti pembayaran', 'files.awaiting_upload': 'Mengunggah…', 'files.uploaded': 'Sudah diunggah', 'files.rejected': 'Ditolak', 'files.download': 'Unduh', 'files.count': 'file', 'files.proof': 'Bukti pembayaran perlu dicek',
    'reviews.title': 'Ulasan', 'reviews.empty': 'Belum ada ulasan.', 'reviews.write': 'Ulas produk yang Anda beli', 'reviews.send': 'Kirim ulasan', 'reviews.comment': 'Komentar Anda (opsional)', 'reviews.thanks': 'Terima kasih atas ulasan Anda!', 'reviews.count': 'ulasan',
    'promos.title': 'Promo', 'promos.all': 'Semua promo', 'promos.none': 'Tidak ada promo yang berjalan saat ini.', 'nav.promos': 'Promo', 'promos.until': 'sampai', 'promos.off': 'diskon', 'promos.offEach': 'lebih murah per unit', 'promos.from': 'mulai', 'promos.units': 'unit', 'promos.unit': 'unit', 'orders.discount': 'Diskon', 'payment.transfer': 'Silakan transfer tepat', 'payment.by': 'paling lambat', 'payment.code': 'Tiga angka terakhir menandai transfer untuk pesanan ini:', 'payment.noAccounts': 'Toko akan memberi tahu rekening tujuan pembayaran.', 'payment.overdueCustomer': 'Batas waktu pembayaran sudah lewat: silakan bayar atau hubungi toko.', 'payment.overdue': 'lewat batas bayar', 'payment.expect': 'tagihan', 'payment.settings': 'Pembayaran transfer: rekening bank dan batas waktu', 'payment.accountsHelp': 'Rekening bank, satu per baris: bank | nomor | atas nama', 'payment.windowHours': 'Jam untuk membayar setelah pesanan diterima', 'payment.saved': 'Tersimpan. Pesanan yang diterima mulai sekarang menampilkan ini.', 'voucher.label': 'Voucher', 'voucher.apply': 'Pakai',
    'voucher.voucher_unknown': 'Tidak ada voucher dengan kode ini.', 'voucher.voucher_disabled': 'Voucher ini sudah tidak berlaku.', 'voucher.voucher_not_started': 'Voucher ini belum berlaku.', 'voucher.voucher_expired': 'Voucher ini sudah kedaluwarsa.', 'voucher.voucher_used_up': 'Kuota voucher ini sudah habis.', 'voucher.voucher_already_used': 'Anda sudah memakai voucher ini.', 'voucher.voucher_first_order_only': 'Voucher ini hanya untuk pesanan pertama.', 'voucher.voucher_minimum_not_met': 'Belanja Anda belum mencapai minimum voucher ini.', 'voucher.voucher_not_applicable': 'Voucher ini tidak berlaku untuk barang di keranjang Anda.',
    'inbox.title': 'Kotak masuk', 'inbox.write': 'Tulis ke toko', 'inbox.kind': 'Tentang', 'inbox.subject': 'Subjek', 'inbox.body': 'Pesan', 'inbox.send': 'Kirim', 'inbox.you': 'Anda', 'inbox.shop': 'Toko', 'kind.question': 'Pertanyaan', 'kind.suggestion': 'Saran', 'kind.critique': 'Kritik', 'kind.complaint': 'Keluhan', 'inbox.empty': 'Tidak ada pesan.', 'inbox.markread': 'Tandai sudah dibaca',
    'st.pending': 'Menunggu konfirmasi', 'st.accepted': 'Diterima', 'st.rejected': 'Tidak diterima', 'st.cancelled': 'Dibatalkan', 'st.paid': 'Dibayar', 'st.in_production': 'Diproduksi', 'st.shipped': 'Dikirim', 'st.completed': 'Selesai',
    'nav.home': 'Beranda', 'nav.register': 'Daftar', 'nav.login': 'Masuk', 'nav.account': 'Akun saya', 'nav.logout': 'Keluar',
    'hero.title': 'Cetak, desain, dan komputer — pesan secara online',
    'hero.text': 'Pesan cetakan, jasa desain, komputer, dan aksesori dari satu tempat. Kirim file desain, pantau setiap pesanan, dan terima kabar dari kami tanpa tersasar ke folder spam.',
    'hero.cta': 'Buat akun',
    'profile.title': 'Tentang kami',
    'profile.text': 'Toko adalah studio cetak dan desain sekaligus toko komputer keluarga yang melayani kantor, sekolah, dan usaha kecil sejak 2009. Kami mencetak mulai dari kartu nama hingga spanduk, mendesain logo dan kemasan, serta menjual dan memasang komputer, printer, dan aksesori.',
    'howto.title': 'Cara membeli',
    'howto.1': 'Daftar akun. Kami memeriksa akun baru dalam satu hari kerja.',
    'howto.2': 'Setelah disetujui, isi keranjang dan checkout dengan alamat pengiriman.',
    'howto.3': 'Unggah file desain ke pesanan; kami mengonfirmasi dan memberi tahu totalnya.',
    'howto.4': 'Bayar dan unggah bukti pembayaran; pantau produksi dan pengiriman di akun Anda.',
    'faq.title': 'Pertanyaan',
    'faq.q1': 'Mengapa akun saya harus disetujui?', 'faq.a1': 'Kami memproduksi sesuai pesanan, jadi kami memeriksa setiap pelanggan baru sebelum pesanan pertama. Anda tetap bisa masuk sambil menunggu.',
    'faq.q2': 'Format file apa yang bisa saya kirim?', 'faq.a2': 'PDF, AI, EPS, PSD, SVG, CDR, TIFF, PNG, JPEG, atau ZIP, hingga 500 MB per file.',
    'faq.q3': 'Berapa pesanan yang boleh menunggu konfirmasi?', 'faq.a3': 'Hingga lima pesanan belum dikonfirmasi sekaligus; kami mengonfirmasinya dengan cepat.',
    'contact.title': 'Kontak', 'cat.computers': 'Komputer', 'cat.accessories': 'Aksesori', 'cat.printers': 'Printer', 'cat.printing': 'Cetak', 'cat.design': 'Desain', 'cat.installation': 'Instalasi',
    'register.title': 'Buat akun Anda', 'field.name': 'Nama lengkap atau perusahaan', 'field.email': 'E-mail', 'field.password': 'Kata sandi',
    'field.phone': 'Telepon (opsional)', 'field.optin': 'Kirimi saya promo lewat e-mail', 'register.submit': 'Daftar',
    'register.done': 'Terima kasih! Mohon konfirmasi alamat e-mail Anda lewat tautan yang baru kami kirim. Akun Anda menunggu persetujuan toko. Kami akan mengabari Anda lewat e-mail.',
    'login.title': 'Masuk', 'login.submit': 'Masuk', 'login.noaccount': 'Belum punya akun?',
    'account.title': 'Akun saya', 'account.status': 'Status akun',
    'status.pending': 'Menunggu persetujuan', 'status.approved': 'Disetujui', 'status.rejected': 'Tidak disetujui',
    'account.pending.text': 'Toko belum menyetujui akun Anda. Anda dapat melihat-lihat; pemesanan dan pesan terbuka setelah akun disetujui.',
    'account.approved.text': 'Akun Anda telah disetujui: Anda dapat memesan dan mengirim pesan ke toko.',
    'account.rejected.text': 'Pendaftaran Anda tidak disetujui. Silakan hubungi kami jika menurut Anda ini keliru.',
    'account.pendingOrders': 'Pesanan belum dikonfirmasi', 'account.unread': 'Pesan belum dibaca',
    'error.generic': 'Terjadi kesalahan. Silakan coba lagi.', 'error.network': 'Tidak dapat terhubung ke toko. Periksa koneksi Anda.', 'error.unavailable': 'Toko belum bisa menjawab saat ini. Silakan coba lagi sebentar lagi.', 'error.retry': 'Coba lagi',
    'console.more': 'Muat lagi',
  },
};

/// Strings only one page needs (the console's), added by that page before it draws.
export function extend(more) {
  for (const l of Object.keys(more)) Object.assign(dict[l], more[l]);
}

/// Every string of a language (the completeness test reads them).
export const strings = (l) => dict[l];

export function lang() {
  const saved = localStorage.getItem('toko.lang');
  if (saved === 'en' || saved === 'id') return saved;
  return (navigator.language || '').toLowerCase().startsWith('id') ? 'id' : 'en';
}

export function t(key) {
  return dict[lang()][key] ?? dict.en[key] ?? key;
}

export function apply(root = document) {
  document.documentElement.lang = lang();
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  document.querySelectorAll('[data-lang]').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.lang === lang())));
}

export function setLang(l) {
  localStorage.setItem('toko.lang', l);
  apply();
}

/// Shows an API error on a form: field messages beside their inputs, the rest on top.
export function showError(form, err) {
  form.querySelectorAll('.field-error').forEach((e) => e.remove());
  const box = form.querySelector('.form-error');
  const fieldErrors = err.errors || [];
  for (const fe of fieldErrors) {
    const input = form.querySelector(`[name="${CSS.escape(fe.field)}"]`);
    if (!input) continue;
    const p = document.createElement('p');
    p.className = 'field-error';
    p.textContent = fe.message;
    input.closest('label')?.append(p);
  }
  if (box) {
    box.textContent = err.code === 'network_error' ? t('error.network') : (err.message || t('error.generic'));
    box.hidden = false;
  }
}

/// A moment as people of the page's language write it (30/11/26 22.32 or 30/11/2026, 22:32).
export function when(iso) {
  return new Date(iso).toLocaleString(lang() === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
}

/// A day, the same way (30 Nov 2026 / 30 Nov 2026).
export function day(iso) {
  return new Date(iso).toLocaleDateString(lang() === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium' });
}

/// Rupiah, as people write it: Rp 1.250.000.
export function money(n) {
  return `Rp ${Number(n).toLocaleString('id-ID')}`;
}
