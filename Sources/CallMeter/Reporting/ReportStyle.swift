/// The report's look: band colours and the one inline style sheet. No web fonts, no images, no
/// `url()`: the page makes no request of any kind.
enum ReportStyle {
    /// The fill of a band in the charts.
    static func fill(_ band: ScoreBand) -> String {
        switch band {
        case .excellent: "#1b7837"
        case .good: "#7fbf7b"
        case .watch: "#f1a340"
        case .poor: "#d73027"
        case .insufficient: "#a3a3a3"
        }
    }

    /// Bands drawn bottom to top in a histogram bar.
    static let stackOrder: [ScoreBand] = [.poor, .watch, .good, .excellent, .insufficient]

    static let css = """
        :root{--ink:#1f2328;--muted:#57606a;--line:#d0d7de;--panel:#f6f8fa;--accent:#0969da}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
        body{margin:0;color:var(--ink);background:#fff;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif}
        main{max-width:1120px;margin:0 auto;padding:16px}
        header{border-bottom:3px solid var(--ink);padding-bottom:8px;margin-bottom:16px}
        h1{font-size:1.6rem;margin:0 0 2px}
        h2{font-size:1.2rem;margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
        h3{font-size:1rem;margin:0 0 6px}
        p{margin:6px 0}
        .sub,.note,figcaption{color:var(--muted);font-size:.88rem}
        .warn{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:6px 10px}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px;margin:0;padding:0}
        .card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:8px 12px;margin:0}
        .card dt{color:var(--muted);font-size:.8rem}
        .card dd{margin:0;font-size:1.35rem;font-weight:650;font-variant-numeric:tabular-nums}
        .card dd small{font-size:.8rem;font-weight:400;color:var(--muted)}
        .card dd small.block{display:block;line-height:1.3}
        .legend{display:flex;flex-wrap:wrap;gap:4px 16px;margin:6px 0;padding:0;list-style:none;font-size:.88rem}
        .bandrow{display:flex;flex-wrap:wrap;gap:6px 14px;margin:10px 0 0;padding:0;list-style:none}
        figure{margin:0}
        svg{display:block;max-width:100%}
        svg text{font-family:inherit}
        .chart{width:100%;max-width:640px;height:auto}
        svg.spark{min-width:84px}
        svg.wbar{min-width:64px}
        .band{display:inline-flex;align-items:center;gap:5px;white-space:nowrap}
        .dot{display:inline-block;width:.7em;height:.7em;border-radius:2px;flex:none}
        .attention{display:grid;grid-template-columns:repeat(auto-fit,minmax(250px,1fr));gap:12px}
        .attention section{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 12px}
        .attention ul{margin:0;padding-left:18px}
        .attention li{margin:3px 0}
        .attention .none{color:var(--muted);list-style:none;margin-left:-18px}
        .scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
        table{border-collapse:collapse;width:100%}
        th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:middle}
        th{font-size:.8rem;color:var(--muted);font-weight:600;white-space:nowrap}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        tr{break-inside:avoid;page-break-inside:avoid}
        tfoot td{font-weight:650;border-top:2px solid var(--ink)}
        .id{color:var(--muted);font-size:.82rem;font-variant-numeric:tabular-nums}
        .name{font-weight:600}
        .change{color:var(--muted);font-size:.8rem;margin-left:4px}
        .pin{display:inline-block;font-size:.72rem;font-weight:650;border:1px solid var(--ink);border-radius:4px;padding:0 4px;margin-left:4px}
        .interval{display:flex;align-items:center;gap:6px;white-space:nowrap}
        .muted{color:var(--muted)}
        a{color:var(--accent)}
        nav.pages{display:flex;flex-wrap:wrap;gap:4px 18px;margin:0 0 12px;font-size:.88rem}
        footer{margin-top:28px;padding-top:8px;border-top:1px solid var(--line);color:var(--muted);font-size:.8rem}
        @media (max-width:700px){
          main{padding:10px}
          h1{font-size:1.3rem}
          table.stack thead{display:none}
          table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}
          table.stack tr{border:1px solid var(--line);border-radius:8px;margin:0 0 8px;padding:4px 10px}
          table.stack td{display:flex;justify-content:space-between;align-items:center;gap:12px;border:0;padding:2px 0;text-align:right}
          table.stack td::before{content:attr(data-label);color:var(--muted);font-size:.8rem;font-weight:600;text-align:left}
          table.stack td.agent{display:block;text-align:left;border-bottom:1px solid var(--line);padding-bottom:6px;margin-bottom:2px}
          table.stack td.agent::before{content:none}
          table.stack td.rank{display:none}
          table.stack tfoot tr{border-width:2px}
          table.stack tfoot td{border:0}
        }
        @page{size:A4;margin:12mm}
        @media print{
          body{font-size:9.5pt}
          main{max-width:none;padding:0}
          .scroll{overflow:visible}
          h2{break-after:avoid;page-break-after:avoid}
          thead{display:table-header-group}
          .card,.attention section,figure,li{break-inside:avoid;page-break-inside:avoid}
          *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
        }
        """

    /// Everything of a page before its `<main>`: the one Content-Security-Policy (no request of any
    /// kind, only the inline style sheet) and the style sheet, shared by every page CallMeter
    /// writes so that none of them can drift. `meta`: more `<meta>` lines, each after a newline.
    static func documentStart(title: String, meta: HTML = .empty) -> HTML {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <meta name="color-scheme" content="light">\(meta)
        <title>\(title)</title>
        <style>
        \(HTML(stringLiteral: css))
        </style>
        </head>
        <body>
        <main>
        """
    }
}
