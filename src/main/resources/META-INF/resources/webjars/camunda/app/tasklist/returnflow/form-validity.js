/*
 * ReturnFlow: Tasklist's Complete button for Camunda Forms that contain a dynamic list.
 *
 * Tasklist 7.24 renders Camunda Forms with form-js 1.8.7 and disables Complete while form-js reports any
 * entry in its errors object (Object.keys(errors).length > 0, on every "changed" event). form-js clears
 * the error of a field inside a dynamic list by deleting that row from errors[fieldId], which leaves an
 * empty array behind (bpmn-io/form-js#1494); it also does so for every row as the list is first drawn.
 * A form with a dynamic list that has rows (the inspection sheet) therefore keeps Complete disabled from
 * the start, however validly it is filled; only Save (which validates the whole form) clears it, until the
 * next change. Nothing in a form can avoid that: even a list of read-only texts does it.
 *
 * This module makes Tasklist judge by what the form shows instead: Complete is disabled while a field of
 * the form shows an error (form-js marks it fjs-has-errors). Completing is unchanged: Tasklist validates
 * the whole form first and submits nothing while a field is invalid, showing the errors.
 */
define([], function () {
  'use strict';

  var angular = window.angular;
  var ngModule = angular.module('returnflow.formValidity', []);

  ngModule.config(['$provide', function ($provide) {
    $provide.decorator('camTasklistFormCamundaDirective', ['$delegate', function ($delegate) {
      var directive = $delegate[0];
      var link = directive.link;

      directive.compile = function () {
        return function (scope, element, attrs, formController) {
          var reports = 0;
          var controller = Object.create(formController);

          controller.notifyFormValidated = function (invalid) {
            var report = ++reports;
            if (!invalid) {
              formController.notifyFormValidated(false);
              return;
            }
            // form-js draws the state that reported the errors right after this event: look once it has
            setTimeout(function () {
              if (report === reports) {
                formController.notifyFormValidated(element[0].querySelector('.fjs-has-errors') !== null);
              }
            });
          };

          return link.call(this, scope, element, attrs, controller);
        };
      };

      return $delegate;
    }]);
  }]);

  return ngModule;
});
