package com.playtcha.examples.springsecurity;

import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The login page (templates/login.html, which shows the widget when the starter says so) and the home page. */
@Controller
public class LoginController {

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/")
    String home(Principal caller, Model model) {
        model.addAttribute("caller", caller.getName());
        return "home";
    }
}
