// Chat box: keeps the conversation id in the browser, shows replies as plain text and
// their buttons (a tap sends the button's payload and shows its title).
(function () {
  "use strict";
  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("text");
  var locale = document.getElementById("locale");

  function conversationId() {
    var id = localStorage.getItem("conversation_id");
    if (!id) {
      id = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random())
        .replace(/[^A-Za-z0-9_-]/g, "");
      localStorage.setItem("conversation_id", id);
    }
    return id;
  }

  var savedLocale = localStorage.getItem("locale");
  if (savedLocale) { locale.value = savedLocale; }
  locale.addEventListener("change", function () { localStorage.setItem("locale", locale.value); });

  function show(text, who) {
    var bubble = document.createElement("div");
    bubble.className = "msg " + who;
    bubble.dir = "auto";  // right-to-left for Arabic, per message
    bubble.textContent = text;  // never innerHTML: replies and input are plain text
    log.appendChild(bubble);
    log.scrollTop = log.scrollHeight;
  }

  var failed = {
    "en-US": "Sorry, I can't reach the assistant right now. Please try again in a moment.",
    "es-ES": "Lo sentimos, ahora mismo no podemos conectar con el asistente. Inténtelo de nuevo en unos momentos.",
    "pt-BR": "Desculpe, não foi possível falar com o assistente agora. Tente de novo daqui a pouco.",
    "fr-FR": "Désolé, l'assistant est momentanément injoignable. Merci de réessayer dans un instant.",
    "de-DE": "Der Assistent ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.",
    "it-IT": "Al momento l'assistente non è raggiungibile. Riprovi tra qualche istante.",
    "ru-RU": "Не удаётся связаться с ассистентом. Пожалуйста, попробуйте ещё раз через минуту.",
    "ar-AE": "عذرًا، يتعذر الاتصال بالمساعد الآن. يُرجى المحاولة مرة أخرى بعد قليل.",
    "ja-JP": "ただいまアシスタントに接続できません。しばらくしてからもう一度お試しください。",
    "zh-CN": "抱歉，暂时无法连接到智能客服，请稍后再试。"
  };

  function showButtons(buttons) {
    var row = document.createElement("div");
    row.className = "choices";
    buttons.forEach(function (button) {
      var choice = document.createElement("button");
      choice.type = "button";
      choice.dir = "auto";
      choice.textContent = button.title;  // plain text, like every reply
      choice.addEventListener("click", function () {
        row.remove();  // one answer per question
        send(button.payload, button.title);
      });
      row.appendChild(choice);
    });
    log.appendChild(row);
    log.scrollTop = log.scrollHeight;
  }

  function send(message, shown) {
    show(shown, "shopper");
    fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ conversation_id: conversationId(), message: message, locale: locale.value })
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (data) {
      data.replies.forEach(function (reply) {
        if (reply.text) { show(reply.text, "bot"); }
        if (reply.buttons && reply.buttons.length) { showButtons(reply.buttons); }
      });
    }).catch(function () {
      show(failed[locale.value] || failed["en-US"], "error");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim()) { return; }
    input.value = "";
    send(text, text);
  });
})();
